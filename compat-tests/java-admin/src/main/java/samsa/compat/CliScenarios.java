package samsa.compat;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;

/**
 * Kafka's console tools driven as a user drives them (scripts/kafka-ref.sh tool NAME ...),
 * judged by their exit status, by what they print and by what the broker then holds. Each
 * scenario runs with the 4.x tools as cli-NAME (--quick) and with the 3.9 tools as
 * cli39-NAME (--full only).
 */
final class CliScenarios {
    private CliScenarios() {}

    static void register(Consumer<Scenario> add) {
        cli(add, "topics-create", CliScenarios::topicsCreate);
        cli(add, "topics-create-existing", CliScenarios::topicsCreateExisting);
        cli(add, "topics-list", CliScenarios::topicsList);
        cli(add, "topics-describe", CliScenarios::topicsDescribe);
        cli(add, "topics-alter-partitions", CliScenarios::topicsAlter);
        cli(add, "topics-delete", CliScenarios::topicsDelete);
        cli(add, "configs-describe-topic", CliScenarios::configsDescribeTopic);
        cli(add, "configs-describe-broker", CliScenarios::configsDescribeBroker);
        cli(add, "configs-alter-topic", CliScenarios::configsAlterTopic);
        cli(add, "configs-alter-broker", CliScenarios::configsAlterBroker);
        cli(add, "broker-api-versions", CliScenarios::brokerApiVersions);
    }

    /** Registers body as cli-NAME (4.x tools, quick) and cli39-NAME (3.9 tools, full only). */
    static void cli(Consumer<Scenario> add, String name, Scenario.Body body) {
        add.accept(new Scenario("cli-" + name, true, c -> {
            c.useTools("4");
            body.run(c);
        }));
        add.accept(new Scenario("cli39-" + name, false, c -> {
            c.useTools("3.9");
            body.run(c);
        }));
    }

    private static void ok(Ctx.ToolResult r, String what) {
        Check.isTrue(r.exit() == 0, what + ": exit status " + r.exit() + "\n" + r.all());
    }

    private static void createTopic(Ctx c, String topic, int partitions, Map<String, String> configs)
            throws Exception {
        Check.get(c.admin().createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(configs)))
                .all());
    }

    private static TopicDescription describe(Ctx c, String topic) throws Exception {
        return Check.get(c.admin().describeTopics(List.of(topic)).allTopicNames()).get(topic);
    }

    static void topicsCreate(Ctx c) throws Exception {
        String topic = c.topic("cli-create");
        Ctx.ToolResult r = c.tool("kafka-topics", "--create", "--topic", topic, "--partitions", "3",
                "--replication-factor", "1", "--config", "retention.ms=1000000");
        ok(r, "kafka-topics --create");
        Check.contains(r.stdout(), "Created topic " + topic + ".", "kafka-topics --create output");
        Check.equal(3, describe(c, topic).partitions().size(), "partitions of the created topic");
        Check.equal("1000000", topicConfig(c, topic, "retention.ms"), "retention.ms of the created topic");
    }

    static void topicsCreateExisting(Ctx c) throws Exception {
        String topic = c.topic("cli-exists");
        createTopic(c, topic, 1, Map.of());
        Ctx.ToolResult again = c.tool("kafka-topics", "--create", "--topic", topic, "--partitions", "2");
        Check.isTrue(again.exit() != 0, "creating an existing topic fails");
        Check.contains(again.all(), "already exists", "the error");
        Ctx.ToolResult quiet = c.tool("kafka-topics", "--create", "--if-not-exists", "--topic", topic,
                "--partitions", "2");
        ok(quiet, "--if-not-exists");
        Check.equal(1, describe(c, topic).partitions().size(), "partitions unchanged");
    }

    static void topicsList(Ctx c) throws Exception {
        String a = c.topic("cli-list-a");
        String b = c.topic("cli-list-b");
        createTopic(c, a, 1, Map.of());
        createTopic(c, b, 1, Map.of());
        Ctx.ToolResult r = c.tool("kafka-topics", "--list");
        ok(r, "kafka-topics --list");
        List<String> lines = List.of(r.stdout().split("\n"));
        Check.isTrue(lines.contains(a) && lines.contains(b), "both topics listed, one a line: " + lines);
        Ctx.ToolResult filtered = c.tool("kafka-topics", "--list", "--topic", "cli-list-a.*",
                "--exclude-internal");
        ok(filtered, "kafka-topics --list --topic REGEX");
        List<String> only = List.of(filtered.stdout().strip().split("\n"));
        Check.isTrue(only.contains(a) && !only.contains(b), "the regex selects: " + only);
    }

    private static final Pattern TOPIC_LINE = Pattern.compile(
            "Topic: (\\S+)\\tTopicId: (\\S+)\\tPartitionCount: (\\d+)\\tReplicationFactor: (\\d+)\\tConfigs: (.*)");
    private static final Pattern PARTITION_LINE = Pattern.compile(
            "\\tTopic: (\\S+)\\tPartition: (\\d+)\\tLeader: (\\S+)\\tReplicas: (\\S*)\\tIsr: (\\S*)(\\t.*)?");

    static void topicsDescribe(Ctx c) throws Exception {
        String topic = c.topic("cli-describe");
        createTopic(c, topic, 3, Map.of("retention.ms", "1000000"));
        Ctx.ToolResult r = c.tool("kafka-topics", "--describe", "--topic", topic);
        ok(r, "kafka-topics --describe");
        String[] lines = r.stdout().split("\n");
        Check.isTrue(lines.length == 4, "one topic line and 3 partition lines:\n" + r.stdout());
        Matcher t = TOPIC_LINE.matcher(lines[0]);
        Check.isTrue(t.matches(), "topic line: " + lines[0]);
        Check.equal(topic, t.group(1), "topic");
        Check.equal(describe(c, topic).topicId().toString(), t.group(2), "topic id");
        Check.equal("3", t.group(3), "partition count");
        Check.equal("1", t.group(4), "replication factor");
        Check.contains(t.group(5), "retention.ms=1000000", "configs");
        for (int i = 0; i < 3; ++i) {
            Matcher p = PARTITION_LINE.matcher(lines[1 + i]);
            Check.isTrue(p.matches(), "partition line: " + lines[1 + i]);
            Check.equal(String.valueOf(i), p.group(2), "partition");
            Check.equal("1", p.group(3), "leader");
            Check.equal("1", p.group(4), "replicas");
            Check.equal("1", p.group(5), "isr");
        }
        Ctx.ToolResult missing = c.tool("kafka-topics", "--describe", "--topic", c.topic("cli-missing"));
        Check.isTrue(missing.exit() != 0, "describing a missing topic fails");
        Check.contains(missing.all(), "does not exist", "the error");
    }

    static void topicsAlter(Ctx c) throws Exception {
        String topic = c.topic("cli-alter");
        createTopic(c, topic, 2, Map.of());
        ok(c.tool("kafka-topics", "--alter", "--topic", topic, "--partitions", "6"), "kafka-topics --alter");
        Check.isTrue(c.eventually(() -> describe(c, topic).partitions().size() == 6), "6 partitions");
        Ctx.ToolResult fewer = c.tool("kafka-topics", "--alter", "--topic", topic, "--partitions", "3");
        Check.isTrue(fewer.exit() != 0, "decreasing partitions fails");
        Check.contains(fewer.all(), "InvalidPartitionsException", "the error");
    }

    static void topicsDelete(Ctx c) throws Exception {
        String topic = c.topic("cli-delete");
        createTopic(c, topic, 1, Map.of());
        ok(c.tool("kafka-topics", "--delete", "--topic", topic), "kafka-topics --delete");
        Check.isTrue(c.eventually(() -> !Check.get(c.admin().listTopics().names()).contains(topic)),
                "the topic is gone");
        Ctx.ToolResult list = c.tool("kafka-topics", "--list");
        ok(list, "kafka-topics --list");
        Check.isTrue(!List.of(list.stdout().split("\n")).contains(topic), "--list no longer shows it");
        Ctx.ToolResult again = c.tool("kafka-topics", "--delete", "--topic", topic);
        Check.isTrue(again.exit() != 0, "deleting a missing topic fails");
    }

    /** The line kafka-configs prints for one config, e.g. "  name=value sensitive=false synonyms={...}". */
    private static String configLine(String output, String name) {
        for (String l : output.split("\n")) {
            if (l.strip().startsWith(name + "=")) return l.strip();
        }
        throw new AssertionError("no line for " + name + " in:\n" + output);
    }

    static void configsDescribeTopic(Ctx c) throws Exception {
        String topic = c.topic("cli-configs");
        createTopic(c, topic, 1, Map.of("retention.ms", "1000000"));
        Ctx.ToolResult r = c.tool("kafka-configs", "--describe", "--all", "--entity-type", "topics",
                "--entity-name", topic);
        ok(r, "kafka-configs --describe --all");
        Check.contains(r.stdout(), "All configs for topic " + topic + " are:", "heading");
        Check.equal("retention.ms=1000000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:retention.ms=1000000}", configLine(r.stdout(), "retention.ms"), "retention.ms");
        Check.equal("cleanup.policy=delete sensitive=false synonyms={DEFAULT_CONFIG:log.cleanup.policy=delete}",
                configLine(r.stdout(), "cleanup.policy"), "cleanup.policy");
        Check.equal("segment.bytes=1073741824 sensitive=false synonyms={DEFAULT_CONFIG:log.segment.bytes=1073741824}",
                configLine(r.stdout(), "segment.bytes"), "segment.bytes");
        long count = r.stdout().lines().filter(l -> l.contains(" sensitive=")).count();
        Check.isTrue(count >= 30, "at least 30 topic configs listed, got " + count);
    }

    static void configsDescribeBroker(Ctx c) throws Exception {
        Ctx.ToolResult r = c.tool("kafka-configs", "--describe", "--all", "--entity-type", "brokers",
                "--entity-name", "1");
        ok(r, "kafka-configs --describe --all brokers 1");
        Check.contains(r.stdout(), "All configs for broker 1 are:", "heading");
        Check.equal("num.partitions=4 sensitive=false synonyms={STATIC_BROKER_CONFIG:num.partitions=4, "
                + "DEFAULT_CONFIG:num.partitions=1}", configLine(r.stdout(), "num.partitions"), "num.partitions");
        Check.equal("log.retention.hours=168 sensitive=false synonyms={DEFAULT_CONFIG:log.retention.hours=168}",
                configLine(r.stdout(), "log.retention.hours"), "log.retention.hours");
        Check.equal("ssl.key.password=null sensitive=true synonyms={}",
                configLine(r.stdout(), "ssl.key.password"), "a sensitive config");
        Check.contains(configLine(r.stdout(), "advertised.listeners"), "PLAINTEXT://localhost:" + c.port(),
                "advertised.listeners");
        long count = r.stdout().lines().filter(l -> l.contains(" sensitive=")).count();
        Check.isTrue(count > 150, "every broker config listed, got " + count);
        Ctx.ToolResult dynamic = c.tool("kafka-configs", "--describe", "--entity-type", "brokers",
                "--entity-name", "1");
        ok(dynamic, "kafka-configs --describe brokers 1");
        Check.contains(dynamic.stdout(), "Dynamic configs for broker 1 are:", "heading");
    }

    private static String topicConfig(Ctx c, String topic, String name) throws Exception {
        return ConfigScenarios.value(ConfigScenarios.describe(c, new ConfigResource(ConfigResource.Type.TOPIC, topic)),
                name);
    }

    private static String brokerConfig(Ctx c, String name) throws Exception {
        return ConfigScenarios.value(ConfigScenarios.describe(c, new ConfigResource(ConfigResource.Type.BROKER, "1")),
                name);
    }

    static void configsAlterTopic(Ctx c) throws Exception {
        String topic = c.topic("cli-alter-cfg");
        createTopic(c, topic, 1, Map.of());
        Ctx.ToolResult r = c.tool("kafka-configs", "--alter", "--entity-type", "topics", "--entity-name",
                topic, "--add-config", "retention.ms=5000,max.message.bytes=2000");
        ok(r, "kafka-configs --alter --add-config");
        Check.contains(r.stdout(), "Completed updating config for topic " + topic + ".", "output");
        Check.isTrue(c.eventually(() -> "5000".equals(topicConfig(c, topic, "retention.ms"))),
                "retention.ms altered");
        Ctx.ToolResult altered = c.tool("kafka-configs", "--describe", "--entity-type", "topics", "--entity-name",
                topic);
        ok(altered, "kafka-configs --describe");
        Check.equal("retention.ms=5000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:retention.ms=5000}",
                configLine(altered.stdout(), "retention.ms"), "retention.ms");
        Check.equal("max.message.bytes=2000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:max.message.bytes=2000, "
                + "DEFAULT_CONFIG:message.max.bytes=1048588}", configLine(altered.stdout(), "max.message.bytes"),
                "max.message.bytes");
        ok(c.tool("kafka-configs", "--alter", "--entity-type", "topics", "--entity-name", topic,
                "--delete-config", "retention.ms"), "kafka-configs --alter --delete-config");
        Check.isTrue(c.eventually(() -> !"5000".equals(topicConfig(c, topic, "retention.ms"))),
                "retention.ms override deleted");
        Ctx.ToolResult d = c.tool("kafka-configs", "--describe", "--entity-type", "topics", "--entity-name", topic);
        ok(d, "kafka-configs --describe");
        Check.contains(d.stdout(), "Dynamic configs for topic " + topic + " are:", "heading");
        Check.notContains(d.stdout(), "retention.ms=", "after --delete-config");
        Check.contains(d.stdout(), "max.message.bytes=2000", "the other override stays");
        Ctx.ToolResult bad = c.tool("kafka-configs", "--alter", "--entity-type", "topics", "--entity-name",
                topic, "--add-config", "retention.ms=soon");
        Check.isTrue(bad.exit() != 0, "an invalid value fails");
    }

    static void configsAlterBroker(Ctx c) throws Exception {
        Ctx.ToolResult r = c.tool("kafka-configs", "--alter", "--entity-type", "brokers", "--entity-name", "1",
                "--add-config", "log.cleaner.threads=2");
        ok(r, "kafka-configs --alter brokers 1");
        Check.contains(r.stdout(), "Completed updating config for broker 1.", "output");
        Check.isTrue(c.eventually(() -> "2".equals(brokerConfig(c, "log.cleaner.threads"))),
                "log.cleaner.threads altered");
        Ctx.ToolResult d = c.tool("kafka-configs", "--describe", "--entity-type", "brokers", "--entity-name", "1");
        ok(d, "kafka-configs --describe brokers 1");
        Check.equal("log.cleaner.threads=2 sensitive=false synonyms={DYNAMIC_BROKER_CONFIG:log.cleaner.threads=2, "
                + "DEFAULT_CONFIG:log.cleaner.threads=1}", configLine(d.stdout(), "log.cleaner.threads"),
                "the dynamic broker config");
        ok(c.tool("kafka-configs", "--alter", "--entity-type", "brokers", "--entity-name", "1",
                "--delete-config", "log.cleaner.threads"), "--delete-config");
        Check.isTrue(c.eventually(() -> "1".equals(brokerConfig(c, "log.cleaner.threads"))),
                "the override is gone");
        Ctx.ToolResult readOnly = c.tool("kafka-configs", "--alter", "--entity-type", "brokers", "--entity-name",
                "1", "--add-config", "node.id=5");
        Check.isTrue(readOnly.exit() != 0, "altering a read-only config fails");
    }

    private static final Pattern API_LINE =
            Pattern.compile("\\s*(\\w+)\\((\\d+)\\): (UNSUPPORTED|(\\d+(?: to \\d+)?) \\[(.*)\\]),?");

    /**
     * The tool lists every API its client knows with the broker's range, the version both
     * can use, or UNSUPPORTED. Each range the broker shows must be Kafka 4.4.0's, and
     * ApiVersions and Metadata must be usable; which APIs are advertised at all is
     * api-versions-match-kafka's question.
     */
    static void brokerApiVersions(Ctx c) throws Exception {
        Ctx.ToolResult r = c.tool("kafka-broker-api-versions");
        ok(r, "kafka-broker-api-versions");
        String[] lines = r.stdout().split("\n");
        Check.isTrue(lines[0].startsWith("localhost:" + c.port() + " (id: 1 rack: null"),
                "the node line: " + lines[0]);
        Check.isTrue(lines[0].endsWith("-> ("), "the node line ends the header: " + lines[0]);
        Map<Integer, String> kafka = ApiVersionsScenarios.expectedToolRanges();
        List<String> wrong = new java.util.ArrayList<>();
        Map<String, String> usable = new java.util.HashMap<>();
        int listed = 0;
        for (int i = 1; i < lines.length; ++i) {
            Matcher m = API_LINE.matcher(lines[i]);
            if (!m.matches()) continue;
            ++listed;
            int key = Integer.parseInt(m.group(2));
            if (m.group(4) == null) continue;  // UNSUPPORTED: not advertised
            if (!m.group(4).equals(kafka.get(key))) {
                wrong.add(lines[i].strip() + " (Kafka 4.4.0: " + kafka.getOrDefault(key, "not advertised") + ")");
            }
            usable.put(m.group(1), m.group(5));
        }
        c.log("%d APIs listed; usable: %s", listed, usable);
        Check.isTrue(listed > 10, "the tool lists the APIs it knows");
        Check.isTrue(wrong.isEmpty(), "ranges that differ from Kafka 4.4.0's:\n" + String.join("\n", wrong));
        for (String api : List.of("ApiVersions", "Metadata")) {
            Check.isTrue(usable.getOrDefault(api, "").startsWith("usable: "), api + " is usable: " + usable.get(api));
        }
    }
}
