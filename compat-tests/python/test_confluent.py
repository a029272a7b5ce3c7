"""Scenarios on confluent-kafka (Confluent's Python client on librdkafka), each asserting
what an application sees. Names: `confluent-<function without test_>`."""
import time

import pytest
from confluent_kafka import (OFFSET_BEGINNING, OFFSET_INVALID, Consumer, ConsumerGroupTopicPartitions,
                             KafkaError, KafkaException, Producer, TopicCollection,
                             TopicPartition)
from confluent_kafka.admin import (AdminClient, AlterConfigOpType, ConfigEntry, ConfigResource,
                                   NewPartitions, NewTopic, OffsetSpec, ResourceType)

from scenario import BOOTSTRAP, CODECS, fresh, full, payloads, wait_until

TIMEOUT = 30


@pytest.fixture
def admin():
    return AdminClient({"bootstrap.servers": BOOTSTRAP})


def create_topic(admin, partitions=1, config=None, name=None):
    name = name or fresh("topic")
    futures = admin.create_topics([NewTopic(name, num_partitions=partitions,
                                            replication_factor=1, config=config or {})],
                                  operation_timeout=TIMEOUT)
    futures[name].result(TIMEOUT)
    wait_until(f"{name} in metadata with {partitions} partitions",
               lambda: len(admin.list_topics(name, timeout=10).topics[name].partitions) == partitions
               and admin.list_topics(name, timeout=10).topics[name].error is None)
    return name


def producer(**conf):
    return Producer({"bootstrap.servers": BOOTSTRAP, "linger.ms": 5, **conf})


def produce_all(p, topic, values, **kw):
    """Produces values in order and waits for every delivery report; returns the messages."""
    delivered, errors = [], []

    def report(err, msg):
        (errors if err else delivered).append(err or msg)

    for v in values:
        p.produce(topic, v, on_delivery=report, **kw)
        p.poll(0)
    assert p.flush(TIMEOUT) == 0, "messages still in flight"
    assert not errors, f"delivery failed: {errors[:3]}"
    assert len(delivered) == len(values)
    return delivered


def consumer(group=None, **conf):
    return Consumer({"bootstrap.servers": BOOTSTRAP, "group.id": group or fresh("group"),
                     "auto.offset.reset": "earliest", "enable.auto.commit": False, **conf})


def consume_n(c, n, timeout=TIMEOUT):
    out = []
    deadline = time.monotonic() + timeout
    while len(out) < n and time.monotonic() < deadline:
        for m in c.consume(min(500, n - len(out)), 1.0):
            if m.error():
                if m.error().code() == KafkaError._PARTITION_EOF:
                    continue
                raise KafkaException(m.error())
            out.append(m)
    assert len(out) == n, f"consumed {len(out)} of {n} messages in {timeout} s"
    return out


def read_partition(topic, partition, n, **conf):
    c = consumer(**conf)
    try:
        c.assign([TopicPartition(topic, partition, OFFSET_BEGINNING)])
        return consume_n(c, n)
    finally:
        c.close()


def test_metadata(admin):
    host, port = BOOTSTRAP.rsplit(":", 1)
    md = admin.list_topics(timeout=TIMEOUT)
    assert md.cluster_id, "no cluster id"
    assert list(md.brokers) == [md.controller_id] or md.controller_id == -1 or len(md.brokers) == 1
    (broker,) = md.brokers.values()
    assert (broker.host, broker.port) == (host, int(port)), f"advertised {broker.host}:{broker.port}"
    topic = create_topic(admin, partitions=3)
    t = admin.list_topics(topic, timeout=TIMEOUT).topics[topic]
    assert sorted(t.partitions) == [0, 1, 2]
    for p in t.partitions.values():
        assert p.leader == broker.id and p.replicas == [broker.id] and p.isrs == [broker.id]


def test_metadata_auto_create(admin):
    topic = fresh("auto")
    produce_all(producer(), topic, [b"hello"])
    t = admin.list_topics(topic, timeout=TIMEOUT).topics[topic]
    assert t.error is None and len(t.partitions) == 4, "num.partitions=4 is the broker default"


def test_describe_topics(admin):
    topic = create_topic(admin, partitions=3)
    desc = admin.describe_topics(TopicCollection([topic]), request_timeout=TIMEOUT)[topic].result(TIMEOUT)
    assert desc.name == topic and desc.topic_id is not None and not desc.is_internal
    assert [p.id for p in desc.partitions] == [0, 1, 2]
    assert all(p.leader is not None and len(p.replicas) == 1 for p in desc.partitions)
    unknown = fresh("unknown")
    # DescribeTopicPartitions (or Metadata without auto-creation): no topic appears.
    with pytest.raises(KafkaException) as e:
        admin.describe_topics(TopicCollection([unknown]), request_timeout=TIMEOUT)[unknown].result(TIMEOUT)
    assert e.value.args[0].code() == KafkaError.UNKNOWN_TOPIC_OR_PART
    assert unknown not in admin.list_topics(timeout=TIMEOUT).topics


def test_describe_cluster(admin):
    result = admin.describe_cluster(request_timeout=TIMEOUT).result(TIMEOUT)
    assert result.cluster_id == admin.list_topics(timeout=TIMEOUT).cluster_id
    assert len(result.nodes) == 1 and result.controller is not None


def test_create_delete_topics(admin):
    a, b = fresh("create"), fresh("create")
    futures = admin.create_topics([NewTopic(a, 2, 1), NewTopic(b, 5, 1, config={"cleanup.policy": "compact"})],
                                  operation_timeout=TIMEOUT)
    for f in futures.values():
        f.result(TIMEOUT)
    md = wait_until("both topics in metadata",
                    lambda: (m := admin.list_topics(timeout=10)) and {a, b} <= set(m.topics) and m)
    assert len(md.topics[a].partitions) == 2 and len(md.topics[b].partitions) == 5
    with pytest.raises(KafkaException) as dup:
        admin.create_topics([NewTopic(a, 1, 1)], operation_timeout=TIMEOUT)[a].result(TIMEOUT)
    assert dup.value.args[0].code() == KafkaError.TOPIC_ALREADY_EXISTS
    for f in admin.delete_topics([a, b], operation_timeout=TIMEOUT).values():
        f.result(TIMEOUT)
    wait_until("topics gone", lambda: not ({a, b} & set(admin.list_topics(timeout=10).topics)))
    with pytest.raises(KafkaException) as gone:
        admin.delete_topics([a], operation_timeout=TIMEOUT)[a].result(TIMEOUT)
    assert gone.value.args[0].code() == KafkaError.UNKNOWN_TOPIC_OR_PART


def test_create_topic_invalid(admin):
    name = fresh("bad")
    cases = {
        "bad name!": NewTopic("bad name!", 1, 1),
        "partitions": NewTopic(name + "-p", 0, 1),
        "replication": NewTopic(name + "-r", 1, 3),
        "config": NewTopic(name + "-c", 1, 1, config={"cleanup.policy": "bogus"}),
    }
    for what, topic in cases.items():
        with pytest.raises(KafkaException) as e:
            admin.create_topics([topic], operation_timeout=TIMEOUT)[topic.topic].result(TIMEOUT)
        code = e.value.args[0].code()
        expected = {"bad name!": KafkaError.TOPIC_EXCEPTION,
                    "partitions": KafkaError.INVALID_PARTITIONS,
                    "replication": KafkaError.INVALID_REPLICATION_FACTOR,
                    "config": KafkaError.INVALID_CONFIG}[what]
        assert code == expected, f"{what}: {e.value.args[0]}"
    assert not [t for t in admin.list_topics(timeout=TIMEOUT).topics if t.startswith(name)]


def test_create_partitions(admin):
    topic = create_topic(admin, partitions=2)
    admin.create_partitions([NewPartitions(topic, 5)], operation_timeout=TIMEOUT)[topic].result(TIMEOUT)
    wait_until("5 partitions", lambda: len(admin.list_topics(topic, timeout=10).topics[topic].partitions) == 5)
    produce_all(producer(), topic, [b"to-new-partition"], partition=4)
    with pytest.raises(KafkaException) as e:
        admin.create_partitions([NewPartitions(topic, 3)], operation_timeout=TIMEOUT)[topic].result(TIMEOUT)
    assert e.value.args[0].code() == KafkaError.INVALID_PARTITIONS


def describe_topic_configs(admin, topic):
    res = ConfigResource(ResourceType.TOPIC, topic)
    return admin.describe_configs([res], request_timeout=TIMEOUT)[res].result(TIMEOUT)


def test_describe_configs(admin):
    topic = create_topic(admin, config={"retention.ms": "86400000"})
    configs = describe_topic_configs(admin, topic)
    assert configs["retention.ms"].value == "86400000"
    assert configs["retention.ms"].source == 1, "DYNAMIC_TOPIC_CONFIG"
    assert configs["cleanup.policy"].value == "delete"
    assert configs["compression.type"].value == "producer"
    assert not configs["retention.ms"].is_default
    broker = ConfigResource(ResourceType.BROKER, str(admin.describe_cluster().result(TIMEOUT).nodes[0].id))
    bconf = admin.describe_configs([broker], request_timeout=TIMEOUT)[broker].result(TIMEOUT)
    assert bconf["num.partitions"].value == "4"
    assert bconf["auto.create.topics.enable"].value == "true"


def test_alter_configs(admin):
    topic = create_topic(admin)
    res = ConfigResource(ResourceType.TOPIC, topic, incremental_configs=[
        ConfigEntry("retention.ms", "3600000", incremental_operation=AlterConfigOpType.SET),
        ConfigEntry("cleanup.policy", "compact", incremental_operation=AlterConfigOpType.APPEND)])
    admin.incremental_alter_configs([res])[res].result(TIMEOUT)
    configs = wait_until("the new values", lambda: (c := describe_topic_configs(admin, topic))
                         and c["retention.ms"].value == "3600000" and c)
    assert sorted(configs["cleanup.policy"].value.split(",")) == ["compact", "delete"]
    res = ConfigResource(ResourceType.TOPIC, topic, incremental_configs=[
        ConfigEntry("retention.ms", None, incremental_operation=AlterConfigOpType.DELETE)])
    admin.incremental_alter_configs([res])[res].result(TIMEOUT)
    wait_until("retention.ms back to its default",
               lambda: describe_topic_configs(admin, topic)["retention.ms"].value == "604800000")
    bad = ConfigResource(ResourceType.TOPIC, topic, incremental_configs=[
        ConfigEntry("retention.ms", "soon", incremental_operation=AlterConfigOpType.SET)])
    with pytest.raises(KafkaException) as e:
        admin.incremental_alter_configs([bad])[bad].result(TIMEOUT)
    assert e.value.args[0].code() == KafkaError.INVALID_CONFIG


def produce_consume(admin, codec):
    topic = create_topic(admin)
    values = payloads(500)
    delivered = produce_all(producer(**{"compression.type": codec}), topic, values)
    assert [m.offset() for m in delivered] == list(range(500))
    got = read_partition(topic, 0, 500)
    assert [m.value() for m in got] == values
    assert [m.offset() for m in got] == list(range(500))


def test_produce_consume_none(admin):
    produce_consume(admin, "none")


def test_produce_consume_gzip(admin):
    produce_consume(admin, "gzip")


def test_produce_consume_snappy(admin):
    produce_consume(admin, "snappy")


def test_produce_consume_lz4(admin):
    produce_consume(admin, "lz4")


def test_produce_consume_zstd(admin):
    produce_consume(admin, "zstd")


def test_topic_compression_recompresses(admin):
    # The topic's compression.type wins over the producer's: the broker recompresses.
    topic = create_topic(admin, config={"compression.type": "zstd"})
    values = payloads(200)
    produce_all(producer(**{"compression.type": "gzip"}), topic, values)
    assert [m.value() for m in read_partition(topic, 0, 200)] == values


def test_idempotent_producer(admin):
    topic = create_topic(admin, partitions=2)
    p = producer(**{"enable.idempotence": True, "acks": "all", "max.in.flight": 5})
    values = payloads(2000, size=20)
    for part in (0, 1):
        produce_all(p, topic, values, partition=part)
    for part in (0, 1):
        got = read_partition(topic, part, 2000)
        assert [m.value() for m in got] == values, "lost, duplicated or reordered messages"


def test_keys_and_headers(admin):
    topic = create_topic(admin, partitions=4)
    p = producer()
    sent = {}
    for i in range(40):
        key = f"key-{i % 8}".encode()
        headers = [("trace", f"t{i}".encode()), ("empty", b""), ("trace", b"again")]
        msg = produce_all(p, topic, [f"v{i}".encode()], key=key, headers=headers)[0]
        sent[msg.value()] = (key, msg.partition())
    by_key = {}
    for key, part in sent.values():
        assert by_key.setdefault(key, part) == part, "one key, one partition"
    got = []
    for part in range(4):
        n = sum(1 for _, pp in sent.values() if pp == part)
        if n:
            got += read_partition(topic, part, n)
    assert len(got) == 40
    for m in got:
        assert (m.key(), m.partition()) == sent[m.value()]
        i = m.value().decode()[1:]
        assert m.headers() == [("trace", f"t{i}".encode()), ("empty", b""), ("trace", b"again")]
    c = read_partition(topic, sent[b"v0"][1], 1)[0]
    assert c.key() == b"key-0"
    null = produce_all(p, topic, [None], key=b"tombstone", partition=0)[0]
    last = read_partition(topic, 0, null.offset() + 1)[-1]
    assert last.value() is None and last.key() == b"tombstone" and not last.headers()


def test_offsets_for_times(admin):
    topic = create_topic(admin)
    base = int(time.time() * 1000) - 3_600_000
    p = producer()
    for i in range(10):
        produce_all(p, topic, [f"m{i}".encode()], timestamp=base + i * 1000)
    c = consumer()
    try:
        def lookup(ts):
            (tp,) = c.offsets_for_times([TopicPartition(topic, 0, ts)], TIMEOUT)
            assert tp.error is None, tp.error
            return tp.offset
        assert lookup(base - 5000) == 0
        assert lookup(base) == 0
        assert lookup(base + 1) == 1
        assert lookup(base + 4500) == 5
        assert lookup(base + 9000) == 9
        assert lookup(base + 9001) == -1, "past the last timestamp: no offset (end)"
        assert c.get_watermark_offsets(TopicPartition(topic, 0), TIMEOUT) == (0, 10)
        got = read_partition(topic, 0, 10)
        assert [m.timestamp() for m in got] == [(1, base + i * 1000) for i in range(10)]
    finally:
        c.close()


def test_list_offsets(admin):
    topic = create_topic(admin)
    base = int(time.time() * 1000) - 60_000
    p = producer()
    for i, v in enumerate(payloads(25)):
        # The largest timestamp is offset 20's; later ones go back in time.
        produce_all(p, topic, [v], timestamp=base + (i if i <= 20 else i - 20) * 10)
    tp = TopicPartition(topic, 0)
    for spec, want in ((OffsetSpec.earliest(), 0), (OffsetSpec.latest(), 25),
                       (OffsetSpec.max_timestamp(), 20)):
        got = admin.list_offsets({tp: spec}, request_timeout=TIMEOUT)[tp].result(TIMEOUT)
        assert got.offset == want, f"{spec}: {got.offset}"


def test_delete_records(admin):
    topic = create_topic(admin)
    produce_all(producer(), topic, payloads(30))
    tp = TopicPartition(topic, 0, 12)
    deleted = admin.delete_records([tp], request_timeout=TIMEOUT)[tp].result(TIMEOUT)
    assert deleted.low_watermark == 12
    c = consumer()
    try:
        assert c.get_watermark_offsets(TopicPartition(topic, 0), TIMEOUT) == (12, 30)
        c.assign([TopicPartition(topic, 0, OFFSET_BEGINNING)])
        assert consume_n(c, 18)[0].offset() == 12
    finally:
        c.close()


def test_consumer_group_subscribe_commit(admin):
    topic = create_topic(admin, partitions=3)
    group = fresh("group")
    p = producer()
    produce_all(p, topic, payloads(60), key=None)
    c = consumer(group)
    try:
        c.subscribe([topic])
        got = consume_n(c, 60)
        assert sorted(m.value() for m in got) == sorted(payloads(60))
        c.commit(asynchronous=False)
        committed = c.committed([TopicPartition(topic, i) for i in range(3)], TIMEOUT)
        ends = {i: c.get_watermark_offsets(TopicPartition(topic, i), TIMEOUT)[1] for i in range(3)}
        offsets = {tp.partition: tp.offset for tp in committed}
        # Keyless records may all land in one partition (librdkafka's sticky partitioner);
        # whether librdkafka commits offset 0 for a partition it read nothing from varies
        # (on Kafka too), so empty partitions may hold 0 or no commit at all.
        assert {p: o for p, o in offsets.items() if ends[p] > 0} == {p: e for p, e in ends.items() if e > 0}
        assert all(offsets[p] in (0, OFFSET_INVALID) for p in ends if ends[p] == 0), offsets
        assert sorted(tp.partition for tp in c.assignment()) == [0, 1, 2]
    finally:
        c.close()
    more = [b"after-commit-%d" % i for i in range(9)]
    produce_all(p, topic, more)
    c = consumer(group)
    try:
        c.subscribe([topic])
        assert sorted(m.value() for m in consume_n(c, 9)) == sorted(more), "resumed from the commit"
    finally:
        c.close()


def test_consumer_group_two_members(admin):
    topic = create_topic(admin, partitions=4)
    group = fresh("group")
    produce_all(producer(), topic, payloads(80), key=None)
    a, b = consumer(group), consumer(group)
    try:
        a.subscribe([topic])
        consume_n(a, 1)  # a owns every partition
        b.subscribe([topic])
        def split():
            a.poll(0.2)
            b.poll(0.2)
            pa = {tp.partition for tp in a.assignment()}
            pb = {tp.partition for tp in b.assignment()}
            return pa and pb and not (pa & pb) and pa | pb == {0, 1, 2, 3}
        wait_until("the partitions split between two members", split)
    finally:
        a.close()
        b.close()


def test_consumer_group_admin(admin):
    topic = create_topic(admin, partitions=2)
    group = fresh("group")
    produce_all(producer(), topic, payloads(10), partition=0)
    c = consumer(group)
    try:
        c.subscribe([topic])
        consume_n(c, 10)
        c.commit(asynchronous=False)
        listed = admin.list_consumer_groups(request_timeout=TIMEOUT).result(TIMEOUT)
        assert group in [g.group_id for g in listed.valid]
        (desc,) = admin.describe_consumer_groups([group], request_timeout=TIMEOUT).values()
        desc = desc.result(TIMEOUT)
        assert desc.group_id == group and len(desc.members) == 1
        assert sorted(tp.partition for tp in desc.members[0].assignment.topic_partitions) == [0, 1]
        (offsets,) = admin.list_consumer_group_offsets(
            [ConsumerGroupTopicPartitions(group)], request_timeout=TIMEOUT).values()
        got = {(tp.topic, tp.partition): tp.offset for tp in offsets.result(TIMEOUT).topic_partitions}
        assert got[(topic, 0)] == 10
    finally:
        c.close()
    for f in admin.delete_consumer_groups([group], request_timeout=TIMEOUT).values():
        f.result(TIMEOUT)


@full
def test_many_partitions_produce(admin):
    topic = create_topic(admin, partitions=32)
    values = payloads(3200, size=10)
    delivered = produce_all(producer(**{"compression.type": "lz4", "sticky.partitioning.linger.ms": 0}), topic, values)
    parts = {m.partition() for m in delivered}
    assert len(parts) > 16, "the default partitioner spreads keyless messages"
