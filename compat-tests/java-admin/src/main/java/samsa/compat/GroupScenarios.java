package samsa.compat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Consumer groups of the classic protocol as applications and operators use them: the
 * console consumer in a group, kafka-consumer-groups (--list, --describe, --reset-offsets,
 * --delete-offsets, --delete), and three Java consumers joining and leaving a six-partition
 * topic under load with the range and cooperative-sticky assignors, losing no record.
 */
final class GroupScenarios {
    private GroupScenarios() {}

    static void register(Consumer<Scenario> add) {
        add.accept(new Scenario("group-console-consumer", true, GroupScenarios::consoleConsumer));
        add.accept(new Scenario("group-cli-reset-offsets", true, GroupScenarios::resetOffsets));
        add.accept(new Scenario("group-cli-delete", true, GroupScenarios::deleteGroup));
        add.accept(new Scenario("group-admin-commit-fetch", true, GroupScenarios::adminOffsets));
        add.accept(new Scenario("group-static-member-restart", true, GroupScenarios::staticMember));
        add.accept(new Scenario("group-three-consumers-range", true,
                c -> threeConsumers(c, "org.apache.kafka.clients.consumer.RangeAssignor")));
        add.accept(new Scenario("group-three-consumers-cooperative", true,
                c -> threeConsumers(c, "org.apache.kafka.clients.consumer.CooperativeStickyAssignor")));
    }

    private static void ok(Ctx.ToolResult r, String what) {
        Check.isTrue(r.exit() == 0, what + ": exit status " + r.exit() + "\n" + r.all());
    }

    private static void createTopic(Ctx c, String topic, int partitions) throws Exception {
        Check.get(c.admin().createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all());
    }

    private static void produce(Ctx c, String topic, int count, String prefix) throws Exception {
        try (KafkaProducer<String, String> p = producer(c)) {
            for (int i = 0; i < count; i++) p.send(new ProducerRecord<>(topic, "k" + i, prefix + i));
            p.flush();
        }
    }

    private static KafkaProducer<String, String> producer(Ctx c) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, c.bootstrap());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        return new KafkaProducer<>(p);
    }

    private static KafkaConsumer<String, String> consumer(Ctx c, String group, String assignor) {
        return consumer(c, group, assignor, null);
    }

    private static KafkaConsumer<String, String> consumer(Ctx c, String group, String assignor,
            String instanceId) {
        Properties p = new Properties();
        if (instanceId != null) p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId);
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, c.bootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, assignor);
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "1000");
        return new KafkaConsumer<>(p);
    }

    /** The committed offsets of a group, summed over its partitions of topic. */
    private static long committedSum(Ctx c, String group, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> m =
                Check.get(c.admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
        long sum = 0;
        for (var e : m.entrySet()) {
            if (e.getKey().topic().equals(topic) && e.getValue() != null) sum += e.getValue().offset();
        }
        return sum;
    }

    static void consoleConsumer(Ctx c) throws Exception {
        String topic = c.topic("grp-console");
        String group = c.topic("console-group");
        createTopic(c, topic, 3);
        produce(c, topic, 60, "v");
        Ctx.ToolResult r = c.tool("kafka-console-consumer", "--topic", topic, "--group", group,
                "--from-beginning", "--max-messages", "60", "--timeout-ms", "30000");
        ok(r, "kafka-console-consumer --group");
        long lines = r.stdout().lines().filter(l -> l.startsWith("v")).count();
        Check.equal(60L, lines, "records the console consumer printed");
        Check.equal(60L, committedSum(c, group, topic), "offsets the console consumer committed");

        Ctx.ToolResult list = c.tool("kafka-consumer-groups", "--list");
        ok(list, "kafka-consumer-groups --list");
        Check.contains(list.stdout(), group, "--list output");

        Ctx.ToolResult describe = c.tool("kafka-consumer-groups", "--describe", "--group", group);
        ok(describe, "kafka-consumer-groups --describe");
        long rows = describe.stdout().lines().filter(l -> l.startsWith(group + " ") && l.contains(topic)).count();
        Check.equal(3L, rows, "partitions --describe lists\n" + describe.stdout());
        for (String l : describe.stdout().lines().filter(l -> l.contains(topic)).toList()) {
            String[] f = l.trim().split("\\s+");
            Check.equal("0", f[5], "lag of " + f[1] + "-" + f[2] + " in\n" + describe.stdout());
        }

        // While a consumer is in the group, --describe --members shows it.
        try (KafkaConsumer<String, String> live = consumer(c, group, "org.apache.kafka.clients.consumer.RangeAssignor")) {
            live.subscribe(List.of(topic));
            Check.isTrue(c.eventually(() -> {
                live.poll(Duration.ofMillis(200));
                return live.assignment().size() == 3;
            }), "the consumer got every partition");
            Ctx.ToolResult members = c.tool("kafka-consumer-groups", "--describe", "--members",
                    "--group", group);
            ok(members, "--describe --members");
            Check.contains(members.stdout(), "consumer-" + group, "the member's client id");
            Ctx.ToolResult state = c.tool("kafka-consumer-groups", "--describe", "--state", "--group", group);
            ok(state, "--describe --state");
            Check.contains(state.stdout(), "Stable", "the group's state");
            Check.contains(state.stdout(), "range", "the assignor");
        }
    }

    static void resetOffsets(Ctx c) throws Exception {
        String topic = c.topic("grp-reset");
        String group = c.topic("reset-group");
        createTopic(c, topic, 2);
        produce(c, topic, 40, "v");
        Ctx.ToolResult consumed = c.tool("kafka-console-consumer", "--topic", topic, "--group", group,
                "--from-beginning", "--max-messages", "40", "--timeout-ms", "30000");
        ok(consumed, "console consumer");
        Check.equal(40L, committedSum(c, group, topic), "committed after consuming");

        Ctx.ToolResult dry = c.tool("kafka-consumer-groups", "--reset-offsets", "--group", group,
                "--topic", topic, "--to-earliest", "--dry-run");
        ok(dry, "--reset-offsets --dry-run");
        Check.equal(40L, committedSum(c, group, topic), "a dry run changes nothing");

        ok(c.tool("kafka-consumer-groups", "--reset-offsets", "--group", group, "--topic", topic,
                "--to-earliest", "--execute"), "--to-earliest --execute");
        Check.equal(0L, committedSum(c, group, topic), "committed after --to-earliest");

        ok(c.tool("kafka-consumer-groups", "--reset-offsets", "--group", group, "--topic", topic,
                "--shift-by", "5", "--execute"), "--shift-by 5");
        Check.equal(10L, committedSum(c, group, topic), "committed after --shift-by 5 on 2 partitions");

        ok(c.tool("kafka-consumer-groups", "--reset-offsets", "--group", group, "--topic", topic,
                "--to-datetime", "2100-01-01T00:00:00.000", "--execute"), "--to-datetime (future)");
        Check.equal(40L, committedSum(c, group, topic), "a future datetime resets to the end");

        ok(c.tool("kafka-consumer-groups", "--reset-offsets", "--group", group, "--topic", topic,
                "--to-datetime", "2000-01-01T00:00:00.000", "--execute"), "--to-datetime (past)");
        Check.equal(0L, committedSum(c, group, topic), "a past datetime resets to the start");

        // The console consumer now reads everything again from the reset position.
        Ctx.ToolResult again = c.tool("kafka-console-consumer", "--topic", topic, "--group", group,
                "--max-messages", "40", "--timeout-ms", "30000");
        ok(again, "console consumer after the reset");
        Check.equal(40L, again.stdout().lines().filter(l -> l.startsWith("v")).count(), "records re-read");
    }

    static void deleteGroup(Ctx c) throws Exception {
        String topic = c.topic("grp-delete");
        String other = c.topic("grp-delete-other");
        String group = c.topic("delete-group");
        createTopic(c, topic, 1);
        createTopic(c, other, 1);
        produce(c, topic, 10, "v");
        produce(c, other, 10, "v");
        Map<TopicPartition, OffsetAndMetadata> offsets = Map.of(
                new TopicPartition(topic, 0), new OffsetAndMetadata(7),
                new TopicPartition(other, 0), new OffsetAndMetadata(3));
        Check.get(c.admin().alterConsumerGroupOffsets(group, offsets).all());

        ok(c.tool("kafka-consumer-groups", "--delete-offsets", "--group", group, "--topic", other),
                "--delete-offsets");
        Map<TopicPartition, OffsetAndMetadata> left =
                Check.get(c.admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
        Check.equal(Set.of(new TopicPartition(topic, 0)), left.keySet(), "offsets left after --delete-offsets");

        Ctx.ToolResult del = c.tool("kafka-consumer-groups", "--delete", "--group", group);
        ok(del, "--delete");
        Check.contains(del.stdout(), "Deletion of requested consumer groups ('" + group + "') was successful.",
                "--delete output");
        Ctx.ToolResult list = c.tool("kafka-consumer-groups", "--list");
        Check.notContains(list.stdout(), group, "--list after --delete");
        Ctx.ToolResult missing = c.tool("kafka-consumer-groups", "--delete", "--group", group);
        Check.contains(missing.all(), "does not exist", "deleting it again");
    }

    static void adminOffsets(Ctx c) throws Exception {
        String topic = c.topic("grp-admin");
        String group = c.topic("admin-group");
        createTopic(c, topic, 2);
        produce(c, topic, 10, "v");
        TopicPartition p0 = new TopicPartition(topic, 0);
        Check.get(c.admin().alterConsumerGroupOffsets(group,
                Map.of(p0, new OffsetAndMetadata(4, "note"))).all());
        Map<TopicPartition, OffsetAndMetadata> m =
                Check.get(c.admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
        Check.equal(4L, m.get(p0).offset(), "committed offset");
        Check.equal("note", m.get(p0).metadata(), "committed metadata");
        var described = Check.get(c.admin().describeConsumerGroups(List.of(group)).all()).get(group);
        Check.equal(org.apache.kafka.common.GroupState.EMPTY, described.groupState(), "state of a group with offsets only");
        var latest = Check.get(c.admin().listOffsets(Map.of(p0, OffsetSpec.latest())).all());
        c.log("latest %s", latest);
    }

    /**
     * A static member (group.instance.id, KIP-345) closes without leaving the group; a new
     * process with the same instance id takes its place at once and resumes from the commit.
     */
    static void staticMember(Ctx c) throws Exception {
        String topic = c.topic("grp-static");
        String group = c.topic("static-group");
        createTopic(c, topic, 2);
        produce(c, topic, 20, "a");
        for (int round = 0; round < 2; round++) {
            try (KafkaConsumer<String, String> k = consumer(c, group, "org.apache.kafka.clients.consumer.RangeAssignor", "static-1")) {
                k.subscribe(List.of(topic));
                Set<String> got = new HashSet<>();
                int want = round == 0 ? 20 : 10;
                Check.isTrue(c.eventually(() -> {
                    for (ConsumerRecord<String, String> r : k.poll(Duration.ofMillis(200))) got.add(r.value());
                    return got.size() >= want;
                }), "round " + round + ": consumed " + got.size() + " of " + want);
                Check.equal(want, got.size(), "round " + round + " records (none re-read)");
                k.commitSync();
            }
            var d = Check.get(c.admin().describeConsumerGroups(List.of(group)).all()).get(group);
            Check.equal(1, d.members().size(), "members after a static member closed");
            Check.equal(java.util.Optional.of("static-1"), d.members().iterator().next().groupInstanceId(),
                    "the member's instance id");
            if (round == 0) produce(c, topic, 10, "b");
        }
    }

    /**
     * Three consumers of one group on a six-partition topic while a producer writes: the
     * second and third join, the first leaves, then the third; every record produced is
     * consumed (at-least-once, committing after each poll).
     */
    static void threeConsumers(Ctx c, String assignor) throws Exception {
        String topic = c.topic("grp-three");
        String group = c.topic("three-group");
        createTopic(c, topic, 6);
        Set<String> seen = ConcurrentHashMap.newKeySet();
        AtomicBoolean producing = new AtomicBoolean(true);
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        int[] produced = {0};
        Thread producerThread = new Thread(() -> {
            try (KafkaProducer<String, String> p = producer(c)) {
                while (producing.get()) {
                    p.send(new ProducerRecord<>(topic, "k" + produced[0], "r" + produced[0]));
                    produced[0]++;
                    if (produced[0] % 50 == 0) Thread.sleep(20);
                }
                p.flush();
            } catch (Exception e) {
                errors.add("producer: " + e);
            }
        });
        List<Thread> threads = new ArrayList<>();
        List<AtomicBoolean> running = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            AtomicBoolean run = new AtomicBoolean(true);
            running.add(run);
            threads.add(new Thread(() -> {
                try (KafkaConsumer<String, String> k = consumer(c, group, assignor)) {
                    k.subscribe(List.of(topic));
                    while (run.get()) {
                        for (ConsumerRecord<String, String> r : k.poll(Duration.ofMillis(100))) seen.add(r.value());
                        try {
                            k.commitSync();
                        } catch (org.apache.kafka.common.errors.RebalanceInProgressException e) {
                            // Cooperative rebalancing: commit again after the next poll.
                        }
                    }
                } catch (Exception e) {
                    errors.add("consumer: " + e);
                }
            }));
        }
        producerThread.start();
        threads.get(0).start();
        Thread.sleep(4000);
        threads.get(1).start();
        Thread.sleep(4000);
        threads.get(2).start();
        Thread.sleep(5000);
        running.get(0).set(false);
        threads.get(0).join();
        Thread.sleep(4000);
        running.get(2).set(false);
        threads.get(2).join();
        producing.set(false);
        producerThread.join();
        int total = produced[0];
        c.log("produced %d", total);
        boolean all = c.eventually(() -> seen.size() >= total);
        running.get(1).set(false);
        threads.get(1).join();
        Check.isTrue(errors.isEmpty(), "client errors: " + errors);
        Set<String> missing = new HashSet<>();
        for (int i = 0; i < total && missing.size() < 10; i++) {
            if (!seen.contains("r" + i)) missing.add("r" + i);
        }
        Check.isTrue(all && missing.isEmpty(), "records never consumed (of " + total + "): " + missing);
        long committed = committedSum(c, group, topic);
        Check.equal((long) total, committed, "committed offsets at the end");
    }
}
