"""Scenarios on kafka-python (a pure-Python client with its own protocol code), each
asserting what an application sees. Names: `kafkapython-<function without test_>`."""
import time

import kafka.errors as errors
import pytest
from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import (AlterConfigOp, ConfigResource, ConfigResourceType, NewPartitions,
                         NewTopic)
from kafka.structs import OffsetAndMetadata

from scenario import BOOTSTRAP, fresh, full, payloads, wait_until

TIMEOUT = 30


@pytest.fixture
def admin():
    a = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, request_timeout_ms=TIMEOUT * 1000)
    yield a
    a.close()


def create_topic(admin, partitions=1, config=None):
    name = fresh("topic")
    admin.create_topics([NewTopic(name, partitions, 1, topic_configs=config or {})])
    wait_until(f"{name} with {partitions} partitions", lambda: (d := admin.describe_topics([name]))
               and d[0]["error_code"] == 0 and len(d[0]["partitions"]) == partitions)
    return name


def producer(**conf):
    return KafkaProducer(bootstrap_servers=BOOTSTRAP, linger_ms=5, **conf)


def produce_all(p, topic, values, **kw):
    """Sends values in order and waits for each; returns the RecordMetadata list."""
    futures = [p.send(topic, value=v, **kw) for v in values]
    p.flush(TIMEOUT)
    return [f.get(TIMEOUT) for f in futures]


def consumer(**conf):
    conf.setdefault("enable_auto_commit", False)
    return KafkaConsumer(bootstrap_servers=BOOTSTRAP, auto_offset_reset="earliest",
                         consumer_timeout_ms=TIMEOUT * 1000, **conf)


def consume_n(c, n, timeout=TIMEOUT):
    out = []
    deadline = time.monotonic() + timeout
    while len(out) < n and time.monotonic() < deadline:
        for records in c.poll(timeout_ms=1000, max_records=n - len(out)).values():
            out += records
    assert len(out) == n, f"consumed {len(out)} of {n} records in {timeout} s"
    return out


def read_partition(topic, partition, n):
    c = consumer()
    try:
        tp = TopicPartition(topic, partition)
        c.assign([tp])
        c.seek_to_beginning(tp)
        return consume_n(c, n)
    finally:
        c.close()


def test_metadata(admin):
    host, port = BOOTSTRAP.rsplit(":", 1)
    cluster = admin.describe_cluster()
    assert cluster["cluster_id"]
    (broker,) = cluster["brokers"]
    assert (broker["host"], broker["port"]) == (host, int(port))
    assert cluster["controller_id"] in (broker["broker_id"], -1)
    topic = create_topic(admin, partitions=3)
    c = consumer()
    try:
        assert topic in c.topics()
        assert c.partitions_for_topic(topic) == {0, 1, 2}
    finally:
        c.close()
    (desc,) = admin.describe_topics([topic])
    for p in desc["partitions"]:
        assert p["leader_id"] == broker["broker_id"] and p["replica_nodes"] == [broker["broker_id"]]


def test_metadata_auto_create(admin):
    topic = fresh("auto")
    produce_all(producer(), topic, [b"hello"])
    (desc,) = admin.describe_topics([topic])
    assert len(desc["partitions"]) == 4, "num.partitions=4 is the broker default"


def test_create_delete_topics(admin):
    a, b = fresh("create"), fresh("create")
    admin.create_topics([NewTopic(a, 2, 1), NewTopic(b, 5, 1, topic_configs={"cleanup.policy": "compact"})])
    wait_until("both topics listed", lambda: {a, b} <= set(admin.list_topics()))
    with pytest.raises(errors.TopicAlreadyExistsError):
        admin.create_topics([NewTopic(a, 1, 1)])
    with pytest.raises(errors.InvalidPartitionsError):
        admin.create_topics([NewTopic(fresh("zero"), 0, 1)])
    with pytest.raises(errors.InvalidReplicationFactorError):
        admin.create_topics([NewTopic(fresh("rf"), 1, 3)])
    result = admin.delete_topics([a, b])
    assert all(t["error_code"] == 0 for t in result["topics"])
    wait_until("topics gone", lambda: not ({a, b} & set(admin.list_topics())))
    with pytest.raises(errors.UnknownTopicOrPartitionError):
        admin.delete_topics([a])


def test_create_partitions(admin):
    topic = create_topic(admin, partitions=2)
    admin.create_partitions({topic: NewPartitions(5)})
    wait_until("5 partitions", lambda: len(admin.describe_topics([topic])[0]["partitions"]) == 5)
    (meta,) = produce_all(producer(), topic, [b"x"], partition=4)
    assert meta.partition == 4
    with pytest.raises(errors.InvalidPartitionsError):
        admin.create_partitions({topic: NewPartitions(3)})


def topic_configs(admin, topic, config_filter="all"):
    r = admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, topic)], config_filter=config_filter)
    return r["topic"][topic]


def test_describe_configs(admin):
    topic = create_topic(admin, config={"retention.ms": "86400000"})
    modified = topic_configs(admin, topic, "modified")
    assert modified["retention.ms"]["value"] == "86400000"
    assert modified["retention.ms"]["config_source"] == "DYNAMIC_TOPIC_CONFIG"
    every = topic_configs(admin, topic)
    assert every["cleanup.policy"]["value"] == "delete"
    assert every["cleanup.policy"]["config_source"] == "DEFAULT_CONFIG"
    assert every["max.message.bytes"]["config_type"] == "INT"
    broker_id = admin.describe_cluster()["brokers"][0]["broker_id"]
    r = admin.describe_configs([ConfigResource(ConfigResourceType.BROKER, str(broker_id))], config_filter="all")
    broker = r["broker"][str(broker_id)]
    assert broker["num.partitions"]["value"] == "4"
    assert broker["log.retention.hours"]["value"] == "168"


def test_alter_configs(admin):
    topic = create_topic(admin)
    r = admin.alter_configs([ConfigResource(ConfigResourceType.TOPIC, topic, configs={
        "retention.ms": (AlterConfigOp.SET, "3600000"),
        "cleanup.policy": (AlterConfigOp.APPEND, "compact")})], incremental=True)
    assert r["topic"][topic] == "OK", r
    got = topic_configs(admin, topic, "modified")
    assert got["retention.ms"]["value"] == "3600000"
    assert sorted(got["cleanup.policy"]["value"].split(",")) == ["compact", "delete"]
    admin.alter_configs([ConfigResource(ConfigResourceType.TOPIC, topic, configs={
        "retention.ms": (AlterConfigOp.DELETE, None)})], incremental=True)
    assert topic_configs(admin, topic)["retention.ms"]["value"] == "604800000"
    r = admin.alter_configs([ConfigResource(ConfigResourceType.TOPIC, topic, configs={
        "retention.ms": (AlterConfigOp.SET, "soon")})], incremental=True)
    assert "InvalidConfigurationError" in r["topic"][topic], r


def produce_consume(admin, codec):
    topic = create_topic(admin)
    values = payloads(500)
    metas = produce_all(producer(compression_type=codec), topic, values)
    assert [m.offset for m in metas] == list(range(500))
    got = read_partition(topic, 0, 500)
    assert [r.value for r in got] == values
    assert [r.offset for r in got] == list(range(500))


def test_produce_consume_none(admin):
    produce_consume(admin, None)


def test_produce_consume_gzip(admin):
    produce_consume(admin, "gzip")


def test_produce_consume_snappy(admin):
    produce_consume(admin, "snappy")


def test_produce_consume_lz4(admin):
    produce_consume(admin, "lz4")


def test_produce_consume_zstd(admin):
    produce_consume(admin, "zstd")


def test_idempotent_producer(admin):
    topic = create_topic(admin, partitions=2)
    p = producer(enable_idempotence=True, acks="all", max_in_flight_requests_per_connection=5)
    values = payloads(2000, size=20)
    for part in (0, 1):
        produce_all(p, topic, values, partition=part)
    p.close()
    for part in (0, 1):
        got = read_partition(topic, part, 2000)
        assert [r.value for r in got] == values, "lost, duplicated or reordered records"


def test_keys_and_headers(admin):
    topic = create_topic(admin, partitions=4)
    p = producer()
    sent = {}
    for i in range(40):
        key = f"key-{i % 8}".encode()
        headers = [("trace", f"t{i}".encode()), ("empty", b"")]
        (m,) = produce_all(p, topic, [f"v{i}".encode()], key=key, headers=headers)
        sent[f"v{i}".encode()] = (key, m.partition)
    by_key = {}
    for key, part in sent.values():
        assert by_key.setdefault(key, part) == part, "one key, one partition"
    got = []
    for part in range(4):
        n = sum(1 for _, pp in sent.values() if pp == part)
        if n:
            got += read_partition(topic, part, n)
    assert len(got) == 40
    for r in got:
        assert (r.key, r.partition) == sent[r.value]
        assert r.headers == [("trace", b"t" + r.value[1:]), ("empty", b"")]
    (tomb,) = produce_all(p, topic, [None], key=b"tombstone", partition=0)
    last = read_partition(topic, 0, tomb.offset + 1)[-1]
    assert last.value is None and last.key == b"tombstone" and last.headers == []


def test_offsets_for_times(admin):
    topic = create_topic(admin)
    base = int(time.time() * 1000) - 3_600_000
    p = producer()
    for i in range(10):
        produce_all(p, topic, [f"m{i}".encode()], timestamp_ms=base + i * 1000)
    c = consumer()
    try:
        tp = TopicPartition(topic, 0)

        def lookup(ts):
            found = c.offsets_for_times({tp: ts})[tp]
            return found.offset if found else None
        assert lookup(base - 5000) == 0
        assert lookup(base + 1) == 1
        assert lookup(base + 4500) == 5
        assert c.offsets_for_times({tp: base + 9000})[tp].timestamp == base + 9000
        assert lookup(base + 9001) is None, "past the last timestamp: no offset"
        assert c.beginning_offsets([tp]) == {tp: 0}
        assert c.end_offsets([tp]) == {tp: 10}
        got = read_partition(topic, 0, 10)
        assert [r.timestamp for r in got] == [base + i * 1000 for i in range(10)]
    finally:
        c.close()


def test_delete_records(admin):
    topic = create_topic(admin)
    produce_all(producer(), topic, payloads(30))
    tp = TopicPartition(topic, 0)
    admin.delete_records({tp: 12})
    c = consumer()
    try:
        assert c.beginning_offsets([tp]) == {tp: 12}
        c.assign([tp])
        c.seek_to_beginning(tp)
        assert consume_n(c, 18)[0].offset == 12
    finally:
        c.close()


def test_consumer_group_subscribe_commit(admin):
    topic = create_topic(admin, partitions=3)
    group = fresh("group")
    p = producer()
    values = payloads(60)
    produce_all(p, topic, values)
    c = consumer(group_id=group)
    try:
        c.subscribe([topic])
        got = consume_n(c, 60)
        assert sorted(r.value for r in got) == sorted(values)
        c.commit()
        tps = [TopicPartition(topic, i) for i in range(3)]
        ends = c.end_offsets(tps)
        assert {tp: c.committed(tp) for tp in tps} == ends
        assert c.assignment() == set(tps)
    finally:
        c.close()
    more = [b"after-commit-%d" % i for i in range(9)]
    produce_all(p, topic, more)
    c = consumer(group_id=group)
    try:
        c.subscribe([topic])
        assert sorted(r.value for r in consume_n(c, 9)) == sorted(more), "resumed from the commit"
    finally:
        c.close()


def test_consumer_group_manual_commit(admin):
    topic = create_topic(admin, partitions=2)
    group = fresh("group")
    produce_all(producer(), topic, payloads(20), partition=1)
    c = consumer(group_id=group)
    try:
        tp = TopicPartition(topic, 1)
        c.assign([tp])
        c.commit({tp: OffsetAndMetadata(7, "checkpoint", -1)})
        assert c.committed(tp) == 7
        assert c.committed(tp, metadata=True).metadata == "checkpoint"
        assert consume_n(c, 13)[0].offset == 7
    finally:
        c.close()
    offsets = admin.list_group_offsets({group: None})
    assert offsets[group][TopicPartition(topic, 1)].offset == 7


def test_consumer_group_admin(admin):
    topic = create_topic(admin, partitions=2)
    group = fresh("group")
    produce_all(producer(), topic, payloads(10), partition=0)
    c = consumer(group_id=group)
    try:
        c.subscribe([topic])
        consume_n(c, 10)
        c.commit()
        assert group in [g["group_id"] for g in admin.list_groups()]
        desc = admin.describe_groups([group])[group]
        assert desc["group_id"] == group and len(desc["members"]) == 1
        assert desc["group_state"] == "Stable"
        assert desc["members"][0]["member_assignment"]["assigned_partitions"] == [
            {"topic": topic, "partitions": [0, 1]}]
    finally:
        c.close()


@full
def test_large_batches(admin):
    topic = create_topic(admin)
    values = [bytes([i % 256]) * 100_000 for i in range(40)]
    produce_all(producer(compression_type="zstd", batch_size=1_000_000, max_request_size=5_000_000),
                topic, values)
    assert [r.value for r in read_partition(topic, 0, 40)] == values
