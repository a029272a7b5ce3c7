package samsa.compat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The data plane through the Java client and Kafka's console tools: produce and read back
 * with each codec (the producer idempotent, as it is by default), offsets for times,
 * DeleteRecords, DescribeProducers, and the console producer, consumer, get-offsets,
 * delete-records, kafka-transactions describe-producers and producer-perf-test tools. Consumers here are assigned partitions (no group).
 */
final class DataScenarios {
    private DataScenarios() {}

    static void register(Consumer<Scenario> add) {
        for (String codec : List.of("none", "gzip", "snappy", "lz4", "zstd")) {
            add.accept(new Scenario("produce-consume-" + codec, true, c -> produceConsume(c, codec)));
        }
        add.accept(new Scenario("offsets-for-times", true, DataScenarios::offsetsForTimes));
        add.accept(new Scenario("admin-delete-records", true, DataScenarios::deleteRecords));
        add.accept(new Scenario("admin-describe-producers", true, DataScenarios::describeProducers));
        CliScenarios.cli(add, "console-producer-consumer", DataScenarios::consoleProducerConsumer);
        CliScenarios.cli(add, "get-offsets", DataScenarios::getOffsets);
        CliScenarios.cli(add, "delete-records", DataScenarios::cliDeleteRecords);
        CliScenarios.cli(add, "describe-producers", DataScenarios::cliDescribeProducers);
        CliScenarios.cli(add, "producer-perf-test", DataScenarios::producerPerfTest);
        CliScenarios.cli(add, "consumer-perf-test", DataScenarios::consumerPerfTest);
    }

    private static void createTopic(Ctx c, String topic, int partitions) throws Exception {
        Check.get(c.admin().createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all());
    }

    private static KafkaProducer<byte[], byte[]> producer(Ctx c, String codec) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, c.bootstrap());
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, codec);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    private static KafkaConsumer<byte[], byte[]> consumer(Ctx c) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, c.bootstrap());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(p);
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static String str(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** Reads partition tp from offset `from` until `count` records arrived (or 30 s passed). */
    private static List<ConsumerRecord<byte[], byte[]>> readBack(Ctx c, TopicPartition tp, long from,
            int count) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(c)) {
            consumer.assign(List.of(tp));
            consumer.seek(tp, from);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) out.add(r);
            }
        }
        return out;
    }

    static void produceConsume(Ctx c, String codec) throws Exception {
        String topic = c.topic("data-" + codec);
        createTopic(c, topic, 2);
        int n = 10000;
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = producer(c, codec)) {
            for (int i = 0; i < n; ++i) {
                RecordHeaders headers = new RecordHeaders();
                if (i % 3 == 0) headers.add("n", utf8(Integer.toString(i)));
                String key = i % 10 == 7 ? null : "k" + (i % 100);
                String value = i % 101 == 50 ? null : "value " + i + " " + "x".repeat(i % 200);
                sent.add(producer.send(new ProducerRecord<>(topic, 0, 1_700_000_000_000L + i, utf8(key),
                        utf8(value), headers)));
            }
            producer.flush();
        }
        for (int i = 0; i < n; ++i) {
            Check.equal((long) i, Check.get(sent.get(i)).offset(), "offset acknowledged for record " + i);
        }
        List<ConsumerRecord<byte[], byte[]>> got = readBack(c, new TopicPartition(topic, 0), 0, n);
        Check.equal(n, got.size(), "records read back");
        for (int i = 0; i < n; ++i) {
            ConsumerRecord<byte[], byte[]> r = got.get(i);
            Check.equal((long) i, r.offset(), "offset of record " + i);
            Check.equal(1_700_000_000_000L + i, r.timestamp(), "timestamp of record " + i);
            Check.equal(i % 10 == 7 ? null : "k" + (i % 100), str(r.key()), "key of record " + i);
            Check.equal(i % 101 == 50 ? null : "value " + i + " " + "x".repeat(i % 200), str(r.value()),
                    "value of record " + i);
            Header h = r.headers().lastHeader("n");
            Check.equal(i % 3 == 0 ? Integer.toString(i) : null, h == null ? null : str(h.value()),
                    "header of record " + i);
        }
    }

    static void offsetsForTimes(Ctx c) throws Exception {
        String topic = c.topic("data-times");
        createTopic(c, topic, 1);
        TopicPartition tp = new TopicPartition(topic, 0);
        long base = 1_700_000_000_000L;
        try (KafkaProducer<byte[], byte[]> producer = producer(c, "none")) {
            // Timestamps 0, 10, ..., 90 s after base, one batch each; then an older one (max stays at 90 s).
            for (int i = 0; i < 10; ++i) {
                producer.send(new ProducerRecord<>(topic, 0, base + i * 10_000L, null, utf8("r" + i))).get();
            }
            producer.send(new ProducerRecord<>(topic, 0, base + 5_000L, null, utf8("late"))).get();
        }
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(c)) {
            Map<TopicPartition, OffsetAndTimestamp> at = consumer.offsetsForTimes(Map.of(tp, base + 25_000L));
            Check.equal(3L, at.get(tp).offset(), "first offset at or after +25 s");
            Check.equal(base + 30_000L, at.get(tp).timestamp(), "its timestamp");
            Check.equal(null, consumer.offsetsForTimes(Map.of(tp, base + 1_000_000L)).get(tp),
                    "no offset after the newest timestamp");
            Check.equal(0L, consumer.beginningOffsets(List.of(tp)).get(tp), "beginning offset");
            Check.equal(11L, consumer.endOffsets(List.of(tp)).get(tp), "end offset");
        }
        var max = Check.get(c.admin().listOffsets(Map.of(tp, OffsetSpec.maxTimestamp())).all()).get(tp);
        Check.equal(9L, max.offset(), "offset of the max timestamp");
        Check.equal(base + 90_000L, max.timestamp(), "max timestamp");
        var latest = Check.get(c.admin().listOffsets(Map.of(tp, OffsetSpec.latest())).all()).get(tp);
        Check.equal(11L, latest.offset(), "latest");
        var forTime = Check.get(c.admin().listOffsets(Map.of(tp, OffsetSpec.forTimestamp(base))).all()).get(tp);
        Check.equal(0L, forTime.offset(), "for the first timestamp");
    }

    private static void produceValues(Ctx c, String topic, int partition, int n) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer(c, "lz4")) {
            for (int i = 0; i < n; ++i) producer.send(new ProducerRecord<>(topic, partition, null, utf8("v" + i)));
            producer.flush();
        }
    }

    static void deleteRecords(Ctx c) throws Exception {
        String topic = c.topic("data-delete");
        createTopic(c, topic, 1);
        TopicPartition tp = new TopicPartition(topic, 0);
        produceValues(c, topic, 0, 100);
        var result = c.admin().deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(40)));
        Check.equal(40L, Check.get(result.lowWatermarks().get(tp)).lowWatermark(), "low watermark");
        var earliest = Check.get(c.admin().listOffsets(Map.of(tp, OffsetSpec.earliest())).all()).get(tp);
        Check.equal(40L, earliest.offset(), "earliest offset after DeleteRecords");
        List<ConsumerRecord<byte[], byte[]>> got = readBack(c, tp, 40, 60);
        Check.equal(60, got.size(), "records left");
        Check.equal("v40", str(got.get(0).value()), "first record left");
        var beyond = c.admin().deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(101)));
        Check.fails(org.apache.kafka.common.errors.OffsetOutOfRangeException.class,
                beyond.lowWatermarks().get(tp), "deleting past the end");
    }

    /** What one idempotent producer (the default) leaves in partition 0's producer state. */
    static void describeProducers(Ctx c) throws Exception {
        String topic = c.topic("data-producers");
        createTopic(c, topic, 2);
        TopicPartition p0 = new TopicPartition(topic, 0);
        TopicPartition p1 = new TopicPartition(topic, 1);
        long t0 = System.currentTimeMillis();
        try (KafkaProducer<byte[], byte[]> producer = producer(c, "none")) {
            for (int i = 0; i < 10; ++i) producer.send(new ProducerRecord<>(topic, 0, t0 + i, null, utf8("v" + i)));
            producer.flush();
        }
        var states = Check.get(c.admin().describeProducers(List.of(p0, p1)).all());
        List<ProducerState> active = states.get(p0).activeProducers();
        Check.equal(1, active.size(), "producers of partition 0: " + active);
        ProducerState s = active.get(0);
        Check.isTrue(s.producerId() >= 0, "a producer id: " + s);
        Check.equal(0, s.producerEpoch(), "producer epoch");
        Check.equal(9, s.lastSequence(), "last sequence (10 records from 0)");
        Check.equal(t0 + 9, s.lastTimestamp(), "last timestamp (the last batch's largest)");
        Check.isTrue(s.coordinatorEpoch().isEmpty(), "no coordinator epoch: " + s);
        Check.isTrue(s.currentTransactionStartOffset().isEmpty(), "no open transaction: " + s);
        Check.equal(0, states.get(p1).activeProducers().size(), "producers of partition 1 (nothing written)");
    }

    static void cliDescribeProducers(Ctx c) throws Exception {
        String topic = c.topic("cli-producers");
        createTopic(c, topic, 1);
        produceValues(c, topic, 0, 12);
        Ctx.ToolResult r = c.tool("kafka-transactions", "describe-producers", "--topic", topic, "--partition", "0");
        ok(r, "kafka-transactions describe-producers");
        List<String> lines = r.stdout().strip().lines().filter(l -> !l.isBlank()).toList();
        Check.equal(2, lines.size(), "a header and one producer: " + r.stdout());
        Check.equal(List.of("ProducerId", "ProducerEpoch", "LatestCoordinatorEpoch", "LastSequence", "LastTimestamp",
                "CurrentTransactionStartOffset"), List.of(lines.get(0).strip().split("\\s+")), "header");
        String[] row = lines.get(1).strip().split("\\s+");
        Check.equal(6, row.length, "columns of " + lines.get(1));
        Check.equal("0", row[1], "producer epoch");
        Check.equal("-1", row[2], "coordinator epoch");
        Check.equal("11", row[3], "last sequence (12 records from 0)");
        Check.equal("None", row[5], "no open transaction");
    }

    private static void ok(Ctx.ToolResult r, String what) {
        Check.isTrue(r.exit() == 0, what + ": exit status " + r.exit() + "\n" + r.all());
    }

    static void consoleProducerConsumer(Ctx c) throws Exception {
        String topic = c.topic("cli-console");
        createTopic(c, topic, 2);
        StringBuilder in = new StringBuilder();
        for (int i = 0; i < 50; ++i) in.append("key").append(i % 5).append(':').append("line ").append(i).append('\n');
        Ctx.ToolResult p = c.toolRaw("kafka-console-producer", in.toString(), "--bootstrap-server", c.bootstrap(),
                "--topic", topic, "--property", "parse.key=true", "--property", "key.separator=:");
        ok(p, "kafka-console-producer");
        int total = 0;
        for (int part = 0; part < 2; ++part) {
            long end = consumerEnd(c, new TopicPartition(topic, part));
            total += (int) end;
            if (end == 0) continue;
            Ctx.ToolResult r = c.tool("kafka-console-consumer", "--topic", topic, "--partition",
                    Integer.toString(part), "--offset", "earliest", "--max-messages", Long.toString(end),
                    "--property", "print.key=true", "--property", "key.separator=:", "--timeout-ms", "20000");
            ok(r, "kafka-console-consumer --partition " + part);
            // The 4.x tools warn on stdout that --property is deprecated (3.9 has no replacement).
            String[] lines = r.stdout().strip().lines().filter(l -> !l.contains("is deprecated"))
                    .toArray(String[]::new);
            Check.equal((int) end, lines.length, "lines printed for partition " + part);
            int last = -1;
            for (String line : lines) {
                Check.isTrue(line.matches("key[0-4]:line \\d+"), "a key:value line: " + line);
                int i = Integer.parseInt(line.substring(line.indexOf("line ") + 5));
                Check.isTrue(i > last, "in the order produced: " + line);
                Check.equal("key" + (i % 5), line.substring(0, 4), "key of " + line);
                last = i;
            }
        }
        Check.equal(50, total, "records produced by the console producer");
    }

    private static long consumerEnd(Ctx c, TopicPartition tp) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(c)) {
            return consumer.endOffsets(List.of(tp)).get(tp);
        }
    }

    static void getOffsets(Ctx c) throws Exception {
        String topic = c.topic("cli-offsets");
        createTopic(c, topic, 2);
        produceValues(c, topic, 0, 7);
        produceValues(c, topic, 1, 3);
        Ctx.ToolResult r = c.tool("kafka-get-offsets", "--topic", topic);
        ok(r, "kafka-get-offsets");
        List<String> lines = List.of(r.stdout().strip().split("\n"));
        Check.isTrue(lines.contains(topic + ":0:7") && lines.contains(topic + ":1:3"),
                "latest offsets per partition: " + lines);
        Ctx.ToolResult early = c.tool("kafka-get-offsets", "--topic", topic, "--time", "-2");
        ok(early, "kafka-get-offsets --time -2");
        Check.isTrue(List.of(early.stdout().strip().split("\n")).contains(topic + ":0:0"),
                "earliest offsets: " + early.stdout());
    }

    static void cliDeleteRecords(Ctx c) throws Exception {
        String topic = c.topic("cli-delete-records");
        createTopic(c, topic, 1);
        produceValues(c, topic, 0, 20);
        Path json = Files.createTempFile("delete-records", ".json");
        try {
            Files.writeString(json, "{\"partitions\":[{\"topic\":\"" + topic + "\",\"partition\":0,\"offset\":12}],\"version\":1}");
            Ctx.ToolResult r = c.tool("kafka-delete-records", "--offset-json-file", json.toString());
            ok(r, "kafka-delete-records");
            Check.contains(r.stdout(), "partition: " + topic + "-0\tlow_watermark: 12", "its report");
        } finally {
            Files.deleteIfExists(json);
        }
        var earliest = Check.get(c.admin().listOffsets(Map.of(new TopicPartition(topic, 0), OffsetSpec.earliest()))
                .all()).get(new TopicPartition(topic, 0));
        Check.equal(12L, earliest.offset(), "earliest offset after kafka-delete-records");
    }

    static void producerPerfTest(Ctx c) throws Exception {
        String topic = c.topic("cli-perf");
        createTopic(c, topic, 4);
        Ctx.ToolResult r = c.toolRaw("kafka-producer-perf-test", null, "--topic", topic, "--num-records", "50000",
                "--record-size", "1024", "--throughput", "-1", "--producer-props",
                "bootstrap.servers=" + c.bootstrap(), "acks=all", "linger.ms=5");
        ok(r, "kafka-producer-perf-test");
        Check.contains(r.stdout(), "50000 records sent", "its summary");
        long total = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(c)) {
            List<TopicPartition> parts = new ArrayList<>();
            for (int i = 0; i < 4; ++i) parts.add(new TopicPartition(topic, i));
            for (long end : consumer.endOffsets(parts).values()) total += end;
        }
        Check.equal(50000L, total, "records in the topic");
    }

    /** kafka-consumer-perf-test reads every record of a topic in a consumer group. */
    static void consumerPerfTest(Ctx c) throws Exception {
        String topic = c.topic("cli-consumer-perf");
        createTopic(c, topic, 4);
        ok(c.toolRaw("kafka-producer-perf-test", null, "--topic", topic, "--num-records", "20000",
                "--record-size", "512", "--throughput", "-1", "--producer-props",
                "bootstrap.servers=" + c.bootstrap(), "linger.ms=5"), "kafka-producer-perf-test");
        Ctx.ToolResult r = c.toolRaw("kafka-consumer-perf-test", null, "--bootstrap-server", c.bootstrap(),
                "--topic", topic, "--messages", "20000", "--group", c.topic("cli-consumer-perf-group"));
        ok(r, "kafka-consumer-perf-test");
        // The last line: start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, ...
        String[] lines = r.stdout().strip().split("\n");
        String[] fields = lines[lines.length - 1].split(",\\s*");
        Check.isTrue(fields.length > 4, "a summary line: " + lines[lines.length - 1]);
        Check.equal(20000L, Long.parseLong(fields[4].trim()), "records consumed (data.consumed.in.nMsg)");
    }
}
