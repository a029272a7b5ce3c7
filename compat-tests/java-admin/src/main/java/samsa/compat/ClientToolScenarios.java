package samsa.compat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * Kafka's own client test programs and older Java clients: ClientCompatibilityTest (what
 * Kafka's system tests run against each broker release), VerifiableProducer and
 * VerifiableConsumer (their JSON events checked for loss and order), and a produce, consume
 * and group program run on kafka-clients 2.8.2 and 3.9.2 in a JVM of their own
 * (old-clients/, built by suite.sh prepare).
 */
final class ClientToolScenarios {
    private ClientToolScenarios() {}

    static void register(Consumer<Scenario> add) {
        add.accept(new Scenario("client-compatibility", true, c -> {
            c.useTools("4");
            clientCompatibility(c);
        }));
        add.accept(new Scenario("cli39-client-compatibility", false, c -> {
            c.useTools("3.9");
            clientCompatibility(c);
        }));
        add.accept(new Scenario("verifiable-produce-consume", true, ClientToolScenarios::verifiable));
        add.accept(new Scenario("old-client-2.8-produce-consume-group", true, c -> oldClient(c, "2.8.2")));
        add.accept(new Scenario("old-client-3.9-produce-consume-group", true, c -> oldClient(c, "3.9.2")));
    }

    /** The fixed topic ClientCompatibilityTest creates (it fails when the topic exists). */
    private static final String CCT_TOPIC = "newtopic";

    private static void deleteTopicIfAny(Ctx c, String topic) throws Exception {
        if (!Check.get(c.admin().listTopics().names()).contains(topic)) return;
        try {
            Check.get(c.admin().deleteTopics(List.of(topic)).all());
        } catch (UnknownTopicOrPartitionException e) {
            // gone already
        }
        Check.isTrue(c.eventually(() -> !Check.get(c.admin().listTopics().names()).contains(topic)),
                topic + " still listed after its deletion");
    }

    static void clientCompatibility(Ctx c) throws Exception {
        deleteTopicIfAny(c, CCT_TOPIC);
        String topic = c.topic("client-compat");
        Check.get(c.admin().createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all());
        // --describe-acls-supported says whether the broker serves DescribeAcls: Kafka without
        // an authorizer answers SECURITY_DISABLED (which the test counts as supported); a broker
        // that does not advertise DescribeAcls makes the client throw UnsupportedVersionException.
        boolean acls = true;
        try {
            Check.get(c.admin().describeAcls(AclBindingFilter.ANY).values());
        } catch (UnsupportedVersionException e) {
            acls = false;
        } catch (Exception e) {
            c.log("describeAcls: %s", e);
        }
        c.log("DescribeAcls served: %s", acls);
        Ctx.ToolResult r = c.tool("kafka-client-compatibility-test", "--topic", topic,
                "--num-cluster-nodes", "1",
                "--create-topics-supported", "true",
                "--describe-acls-supported", String.valueOf(acls),
                "--describe-configs-supported", "true",
                "--idempotent-producer-supported", "true",
                "--offsets-for-times-supported", "true",
                "--cluster-id-supported", "true",
                "--expect-record-too-large-exception", "false");
        Check.isTrue(r.exit() == 0, "ClientCompatibilityTest exit status " + r.exit() + "\n" + r.stdout());
        Check.contains(r.stdout(), "SUCCESS.", "ClientCompatibilityTest output");
        Check.isTrue(Check.get(c.admin().listTopics().names()).contains(CCT_TOPIC),
                "the topic ClientCompatibilityTest created is listed");
        deleteTopicIfAny(c, CCT_TOPIC);
    }

    private static Map<String, List<Map<String, Object>>> byName(List<Map<String, Object>> events) {
        Map<String, List<Map<String, Object>>> m = new HashMap<>();
        for (Map<String, Object> e : events) {
            m.computeIfAbsent((String) e.get("name"), k -> new ArrayList<>()).add(e);
        }
        return m;
    }

    static void verifiable(Ctx c) throws Exception {
        final int n = 5000;
        String topic = c.topic("verifiable");
        String group = c.topic("verifiable-group");
        Check.get(c.admin().createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all());
        Path config = Files.createTempFile("verifiable-producer", ".properties");
        try {
            // VerifiableProducer sets retries=0, which the idempotent producer refuses.
            Files.writeString(config, "enable.idempotence=true\nretries=2147483647\n");
            Ctx.ToolResult p = c.tool("kafka-verifiable-producer", "--topic", topic,
                    "--max-messages", String.valueOf(n), "--acks", "-1",
                    "--command-config", config.toString());
            Check.isTrue(p.exit() == 0, "VerifiableProducer exit status " + p.exit());
            Map<String, List<Map<String, Object>>> pe = byName(JsonEvents.events(p.stdout()));
            Check.isTrue(!pe.containsKey("producer_send_error"),
                    "producer_send_error events: " + pe.get("producer_send_error"));
            Check.isTrue(pe.containsKey("shutdown_complete"), "no shutdown_complete event");
            List<Map<String, Object>> toolData = pe.getOrDefault("tool_data", List.of());
            Check.equal(1, toolData.size(), "tool_data events");
            Check.equal((long) n, JsonEvents.num(toolData.get(0), "sent"), "tool_data sent");
            Check.equal((long) n, JsonEvents.num(toolData.get(0), "acked"), "tool_data acked");
            List<Map<String, Object>> sent = pe.getOrDefault("producer_send_success", List.of());
            Check.equal(n, sent.size(), "producer_send_success events");
            Map<Integer, TreeSet<Long>> acked = new TreeMap<>();
            for (Map<String, Object> e : sent) {
                int part = (int) JsonEvents.num(e, "partition");
                long off = JsonEvents.num(e, "offset");
                Check.isTrue(acked.computeIfAbsent(part, k -> new TreeSet<>()).add(off),
                        "two records acknowledged at " + part + "@" + off);
            }
            c.log("acknowledged: %s", summary(acked));

            Ctx.ToolResult r = c.tool("kafka-verifiable-consumer", "--topic", topic, "--group-id", group,
                    "--group-protocol", "classic", "--max-messages", String.valueOf(n), "--verbose");
            Check.isTrue(r.exit() == 0, "VerifiableConsumer exit status " + r.exit());
            Map<String, List<Map<String, Object>>> ce = byName(JsonEvents.events(r.stdout()));
            Check.isTrue(ce.containsKey("partitions_assigned"), "no partitions_assigned event");
            Check.isTrue(ce.containsKey("shutdown_complete"), "no shutdown_complete event");
            Map<Integer, TreeSet<Long>> consumed = new TreeMap<>();
            Map<Integer, Long> last = new HashMap<>();
            for (Map<String, Object> e : ce.getOrDefault("record_data", List.of())) {
                int part = (int) JsonEvents.num(e, "partition");
                long off = JsonEvents.num(e, "offset");
                Long prev = last.put(part, off);
                Check.isTrue(prev == null || off > prev, "partition " + part + ": offset " + off + " after " + prev);
                consumed.computeIfAbsent(part, k -> new TreeSet<>()).add(off);
            }
            long counted = 0;
            for (Map<String, Object> e : ce.getOrDefault("records_consumed", List.of())) {
                counted += JsonEvents.num(e, "count");
            }
            Check.equal((long) n, counted, "records_consumed counts");
            c.log("consumed: %s", summary(consumed));
            for (Map.Entry<Integer, TreeSet<Long>> e : acked.entrySet()) {
                TreeSet<Long> missing = new TreeSet<>(e.getValue());
                missing.removeAll(consumed.getOrDefault(e.getKey(), new TreeSet<>()));
                Check.isTrue(missing.isEmpty(), "partition " + e.getKey() + ": acknowledged but not consumed "
                        + missing.size() + " offsets, first " + (missing.isEmpty() ? "" : missing.first()));
            }
            Map<Integer, Long> committed = new HashMap<>();
            List<Map<String, Object>> commits = ce.getOrDefault("offsets_committed", List.of());
            Check.isTrue(!commits.isEmpty(), "no offsets_committed event");
            for (Map<String, Object> e : commits) {
                Check.equal(Boolean.TRUE, e.get("success"), "offsets_committed success (" + e + ")");
                for (Map<String, Object> o : JsonEvents.list(e, "offsets")) {
                    committed.merge((int) JsonEvents.num(o, "partition"), JsonEvents.num(o, "offset"), Math::max);
                }
            }
            Map<Integer, Long> end = new HashMap<>();
            acked.forEach((part, offs) -> end.put(part, offs.last() + 1));
            Check.equal(end, committed, "last committed offset of each partition");
            Map<TopicPartition, OffsetAndMetadata> stored =
                    Check.get(c.admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
            Map<Integer, Long> fetched = new HashMap<>();
            stored.forEach((tp, om) -> fetched.put(tp.partition(), om.offset()));
            Check.equal(end, fetched, "the group's offsets through the admin client");
        } finally {
            Files.deleteIfExists(config);
        }
    }

    private static String summary(Map<Integer, TreeSet<Long>> offsets) {
        StringBuilder b = new StringBuilder();
        offsets.forEach((p, s) -> b.append(String.format("p%d: %d offsets %d..%d; ", p, s.size(), s.first(), s.last())));
        return b.toString();
    }

    /**
     * Runs old-clients' OldClientCheck on kafka-clients VERSION (the jar and class path files
     * suite.sh prepare builds in $SAMSA_OLD_CLIENTS) in a JVM of its own.
     */
    static void oldClient(Ctx c, String version) throws Exception {
        String dir = System.getenv("SAMSA_OLD_CLIENTS");
        if (dir == null) throw new IllegalStateException("SAMSA_OLD_CLIENTS is not set (run through suite.sh)");
        Path jar = Path.of(dir, "samsa-compat-old-clients-0.1.0.jar");
        Path cp = Path.of(dir, "classpath-" + version + ".txt");
        Check.isTrue(Files.isRegularFile(jar) && Files.isRegularFile(cp),
                "old clients not built (" + jar + ", " + cp + "): run suite.sh prepare");
        String classpath = jar + ":" + Files.readString(cp).trim();
        String topic = c.topic("old-client-" + version);
        String group = c.topic("old-client-group-" + version);
        List<String> cmd = List.of("java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", classpath,
                "samsa.oldclients.OldClientCheck", c.bootstrap(), topic, group);
        Ctx.ToolResult r = exec(c, cmd);
        Check.isTrue(r.exit() == 0, "kafka-clients " + version + " program exit status " + r.exit() + "\n"
                + r.stdout());
        Check.contains(r.stdout(), "OK kafka-clients " + version, "the program's verdict");
        // What it left behind, seen by the 4.4.0 admin client.
        Map<TopicPartition, OffsetAndMetadata> stored =
                Check.get(c.admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
        long total = 0;
        for (OffsetAndMetadata om : stored.values()) total += om.offset();
        Check.equal(2000L, total, "sum of the group's committed offsets (kafka-clients 4.4.0 admin)");
        Check.equal(Set.of(0, 1, 2), partitions(stored), "partitions with committed offsets");
    }

    private static Set<Integer> partitions(Map<TopicPartition, OffsetAndMetadata> m) {
        Set<Integer> s = new TreeSet<>();
        m.keySet().forEach(tp -> s.add(tp.partition()));
        return s;
    }

    private static Ctx.ToolResult exec(Ctx c, List<String> cmd) throws IOException, InterruptedException {
        c.log("$ %s", String.join(" ", cmd));
        return c.run(cmd, Map.of(), null, 100);
    }
}
