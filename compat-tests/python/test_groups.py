"""Consumer groups under load on librdkafka (confluent-kafka): three consumers of one group
join and leave a six-partition topic while a producer writes, with the range and the
cooperative-sticky assignors; every record delivered is consumed (at least once: commits
after each batch, so a rebalance may replay a few) and the final commits reach the end of
every partition. A member killed with SIGKILL stops heartbeating: after its session timeout
the coordinator evicts it and its partitions move to the survivor. Names:
`groups-<function without test_>`."""
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time

from confluent_kafka import Consumer, KafkaError, KafkaException, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

from scenario import BOOTSTRAP, fresh, wait_until

TIMEOUT = 30


def three_consumers(assignor):
    admin = AdminClient({"bootstrap.servers": BOOTSTRAP})
    topic, group = fresh("groups"), fresh("group")
    admin.create_topics([NewTopic(topic, num_partitions=6, replication_factor=1)])[topic].result(TIMEOUT)
    wait_until(f"{topic} in metadata",
               lambda: len(admin.list_topics(topic, timeout=10).topics[topic].partitions) == 6)

    delivered, errors = set(), []
    producing = threading.Event()
    producing.set()

    def produce():
        p = Producer({"bootstrap.servers": BOOTSTRAP, "linger.ms": 5})

        def report(err, msg):
            if err:
                errors.append(f"delivery: {err}")
            else:
                delivered.add(msg.value())

        i = 0
        while producing.is_set():
            p.produce(topic, b"r%d" % i, key=b"k%d" % i, on_delivery=report)
            p.poll(0)
            i += 1
            if i % 50 == 0:
                time.sleep(0.02)
        if p.flush(TIMEOUT) != 0:
            errors.append("producer: messages still in flight")

    seen = set()
    seen_lock = threading.Lock()

    def consume(stop):
        c = Consumer({"bootstrap.servers": BOOTSTRAP, "group.id": group,
                      "auto.offset.reset": "earliest", "enable.auto.commit": False,
                      "partition.assignment.strategy": assignor,
                      "session.timeout.ms": 10000, "heartbeat.interval.ms": 1000})
        try:
            c.subscribe([topic])
            while not stop.is_set():
                batch = c.consume(500, 0.2)
                for m in batch:
                    if m.error():
                        if m.error().code() != KafkaError._PARTITION_EOF:
                            errors.append(f"consume: {m.error()}")
                        continue
                    with seen_lock:
                        seen.add(m.value())
                if batch:
                    try:
                        c.commit(asynchronous=False)
                    except KafkaException as e:
                        # A rebalance under way or nothing to commit: commit again later.
                        if e.args[0].code() not in (KafkaError._NO_OFFSET,
                                                    KafkaError.REBALANCE_IN_PROGRESS,
                                                    KafkaError.ILLEGAL_GENERATION,
                                                    KafkaError.UNKNOWN_MEMBER_ID,
                                                    KafkaError._STATE,
                                                    KafkaError._WAIT_COORD):
                            errors.append(f"commit: {e}")
        finally:
            c.close()

    stops = [threading.Event() for _ in range(3)]
    consumers = [threading.Thread(target=consume, args=(s,)) for s in stops]
    producer = threading.Thread(target=produce)
    producer.start()
    consumers[0].start()
    time.sleep(4)
    consumers[1].start()
    time.sleep(4)
    consumers[2].start()
    time.sleep(5)
    stops[0].set()
    consumers[0].join()
    time.sleep(4)
    stops[2].set()
    consumers[2].join()
    producing.clear()
    producer.join()
    try:
        wait_until("every delivered record consumed", lambda: delivered <= seen, timeout=TIMEOUT)
    finally:
        stops[1].set()
        consumers[1].join()
    assert not errors, errors[:5]
    assert len(delivered) > 1000

    # The last member committed up to the end of every partition.
    probe = Consumer({"bootstrap.servers": BOOTSTRAP, "group.id": group})
    try:
        parts = [TopicPartition(topic, i) for i in range(6)]
        committed = {tp.partition: tp.offset for tp in probe.committed(parts, TIMEOUT)}
        ends = {i: probe.get_watermark_offsets(TopicPartition(topic, i), TIMEOUT)[1] for i in range(6)}
        assert committed == ends
    finally:
        probe.close()


def test_three_consumers_range():
    three_consumers("range")


def test_three_consumers_cooperative_sticky():
    three_consumers("cooperative-sticky")


def test_silent_member_evicted():
    admin = AdminClient({"bootstrap.servers": BOOTSTRAP})
    topic, group = fresh("evict"), fresh("group")
    admin.create_topics([NewTopic(topic, num_partitions=6, replication_factor=1)])[topic].result(TIMEOUT)
    wait_until(f"{topic} in metadata",
               lambda: len(admin.list_topics(topic, timeout=10).topics[topic].partitions) == 6)
    conf = {"bootstrap.servers": BOOTSTRAP, "group.id": group, "session.timeout.ms": 6000,
            "heartbeat.interval.ms": 500, "partition.assignment.strategy": "range"}
    # The member to kill runs in a process of its own, polling until it is killed.
    child = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        from confluent_kafka import Consumer
        c = Consumer({conf!r})
        c.subscribe([{topic!r}])
        while True:
            c.poll(0.2)
        """)], start_new_session=True)
    survivor = Consumer(conf)
    try:
        survivor.subscribe([topic])

        def assigned(n):
            survivor.poll(0.2)
            return len(survivor.assignment()) == n

        wait_until("the partitions split between two members", lambda: assigned(3), timeout=TIMEOUT)
        os.killpg(child.pid, signal.SIGKILL)
        child.wait()
        killed_at = time.monotonic()
        wait_until("the survivor owns every partition", lambda: assigned(6), timeout=TIMEOUT)
        # Not before the session timeout: the coordinator waited for the silent member.
        assert time.monotonic() - killed_at > 4.0
    finally:
        survivor.close()
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
