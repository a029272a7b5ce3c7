package samsa.compat;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ConfigEntry.ConfigSource;
import org.apache.kafka.clients.admin.ConfigEntry.ConfigType;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** DescribeConfigs and IncrementalAlterConfigs for topics and for broker 1. */
final class ConfigScenarios {
    private ConfigScenarios() {}

    static void register(Consumer<Scenario> add) {
        add.accept(new Scenario("admin-describe-topic-configs", true, ConfigScenarios::describeTopicConfigs));
        add.accept(new Scenario("admin-describe-broker-configs", true, ConfigScenarios::describeBrokerConfigs));
        add.accept(new Scenario("admin-describe-configs-unknown-topic", true, ConfigScenarios::unknownTopic));
        add.accept(new Scenario("admin-alter-topic-config", true, ConfigScenarios::alterTopicConfig));
        add.accept(new Scenario("admin-alter-topic-config-invalid", true, ConfigScenarios::alterTopicInvalid));
        add.accept(new Scenario("admin-alter-broker-config", true, ConfigScenarios::alterBrokerConfig));
    }

    private static ConfigResource topicResource(String topic) {
        return new ConfigResource(ConfigResource.Type.TOPIC, topic);
    }

    private static final ConfigResource BROKER_1 = new ConfigResource(ConfigResource.Type.BROKER, "1");
    private static final ConfigResource CLUSTER_DEFAULT = new ConfigResource(ConfigResource.Type.BROKER, "");

    static Config describe(Ctx c, ConfigResource r) throws Exception {
        Map<ConfigResource, Config> all = Check.get(c.admin().describeConfigs(List.of(r),
                new DescribeConfigsOptions().includeSynonyms(true).includeDocumentation(true)).all());
        return all.get(r);
    }

    /** The value of a described config; an AssertionError when it is not described. */
    static String value(Config cfg, String name) {
        return entry(cfg, name).value();
    }

    private static ConfigEntry entry(Config cfg, String name) {
        ConfigEntry e = cfg.get(name);
        if (e == null) {
            throw new AssertionError("config " + name + " is not described (" + cfg.entries().size() + " are)");
        }
        return e;
    }

    /** Checks an entry's value, source and (when given) its synonyms' sources in order. */
    private static void expect(Config cfg, String name, String value, ConfigSource source,
            ConfigSource... synonyms) {
        ConfigEntry e = entry(cfg, name);
        Check.equal(value, e.value(), name + " value");
        Check.equal(source, e.source(), name + " source");
        if (synonyms.length > 0) {
            Check.equal(List.of(synonyms), e.synonyms().stream().map(ConfigEntry.ConfigSynonym::source).toList(),
                    name + " synonym sources (" + e.synonyms() + ")");
        }
    }

    static void describeTopicConfigs(Ctx c) throws Exception {
        String topic = c.topic("configs");
        Check.get(c.admin().createTopics(List.of(new NewTopic(topic, 1, (short) 1)
                .configs(Map.of("retention.ms", "7200000")))).all());
        Config cfg = describe(c, topicResource(topic));
        c.log("%d entries", cfg.entries().size());
        for (ConfigEntry e : cfg.entries()) c.log("  %s", e);
        // Every topic-level config Kafka describes (Kafka 4.4 has about 40).
        for (String name : List.of("cleanup.policy", "compression.type", "delete.retention.ms",
                "file.delete.delay.ms", "flush.messages", "flush.ms", "index.interval.bytes",
                "max.compaction.lag.ms", "max.message.bytes", "message.timestamp.type",
                "min.cleanable.dirty.ratio", "min.compaction.lag.ms", "min.insync.replicas",
                "preallocate", "retention.bytes", "retention.ms", "segment.bytes", "segment.index.bytes",
                "segment.jitter.ms", "segment.ms", "unclean.leader.election.enable",
                "message.timestamp.before.max.ms", "message.timestamp.after.max.ms")) {
            entry(cfg, name);
        }
        Check.isTrue(cfg.entries().size() >= 30, "at least 30 topic configs, got " + cfg.entries().size());
        // Kafka lists no default synonym for retention.ms (its broker synonyms log.retention.ms
        // and .minutes have no default; .hours is not offered).
        expect(cfg, "retention.ms", "7200000", ConfigSource.DYNAMIC_TOPIC_CONFIG,
                ConfigSource.DYNAMIC_TOPIC_CONFIG);
        expect(cfg, "cleanup.policy", "delete", ConfigSource.DEFAULT_CONFIG, ConfigSource.DEFAULT_CONFIG);
        Check.equal("log.cleanup.policy", entry(cfg, "cleanup.policy").synonyms().get(0).name(),
                "cleanup.policy's synonym");
        expect(cfg, "segment.bytes", "1073741824", ConfigSource.DEFAULT_CONFIG);
        expect(cfg, "max.message.bytes", "1048588", ConfigSource.DEFAULT_CONFIG, ConfigSource.DEFAULT_CONFIG);
        Check.equal("message.max.bytes", entry(cfg, "max.message.bytes").synonyms().get(0).name(),
                "max.message.bytes's synonym");
        expect(cfg, "compression.type", "producer", ConfigSource.DEFAULT_CONFIG);
        // A KRaft cluster with eligible leader replicas keeps min.insync.replicas as a
        // cluster-wide dynamic default.
        expect(cfg, "min.insync.replicas", "1", ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG,
                ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG, ConfigSource.DEFAULT_CONFIG);
        ConfigEntry rt = entry(cfg, "retention.ms");
        Check.equal(ConfigType.LONG, rt.type(), "retention.ms type");
        Check.equal(false, rt.isReadOnly(), "retention.ms read-only");
        Check.equal(false, rt.isSensitive(), "retention.ms sensitive");
        Check.isTrue(rt.documentation() != null && !rt.documentation().isEmpty(), "retention.ms documentation");
        Check.equal(ConfigType.LIST, entry(cfg, "cleanup.policy").type(), "cleanup.policy type");
        Check.equal(ConfigType.BOOLEAN, entry(cfg, "preallocate").type(), "preallocate type");
    }

    static void describeBrokerConfigs(Ctx c) throws Exception {
        Config cfg = describe(c, BROKER_1);
        c.log("%d entries", cfg.entries().size());
        for (ConfigEntry e : cfg.entries()) c.log("  %s", e);
        Check.isTrue(cfg.entries().size() > 150, "a broker describes all its configs, got "
                + cfg.entries().size());
        // Set in server.properties (compat-tests/broker.properties).
        expect(cfg, "num.partitions", "4", ConfigSource.STATIC_BROKER_CONFIG, ConfigSource.STATIC_BROKER_CONFIG,
                ConfigSource.DEFAULT_CONFIG);
        expect(cfg, "auto.create.topics.enable", "true", ConfigSource.STATIC_BROKER_CONFIG);
        expect(cfg, "offsets.topic.replication.factor", "1", ConfigSource.STATIC_BROKER_CONFIG);
        expect(cfg, "node.id", "1", ConfigSource.STATIC_BROKER_CONFIG);
        Check.equal(true, entry(cfg, "node.id").isReadOnly(), "node.id read-only");
        ConfigEntry adv = entry(cfg, "advertised.listeners");
        Check.equal("PLAINTEXT://localhost:" + c.port(), adv.value(), "advertised.listeners");
        // Defaults.
        expect(cfg, "log.retention.hours", "168", ConfigSource.DEFAULT_CONFIG);
        expect(cfg, "message.max.bytes", "1048588", ConfigSource.DEFAULT_CONFIG);
        expect(cfg, "log.segment.bytes", "1073741824", ConfigSource.DEFAULT_CONFIG);
        expect(cfg, "offsets.topic.num.partitions", "50", ConfigSource.DEFAULT_CONFIG);
        expect(cfg, "log.retention.ms", null, ConfigSource.DEFAULT_CONFIG);
        Check.equal(List.of(), entry(cfg, "log.retention.ms").synonyms(), "log.retention.ms synonyms");
        expect(cfg, "min.insync.replicas", "1", ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG);
        Check.equal(ConfigType.INT, entry(cfg, "num.partitions").type(), "num.partitions type");
        // Sensitive configs are described without their value.
        ConfigEntry pw = entry(cfg, "ssl.key.password");
        Check.equal(true, pw.isSensitive(), "ssl.key.password sensitive");
        Check.equal(null, pw.value(), "ssl.key.password value");
        Check.equal(ConfigType.PASSWORD, pw.type(), "ssl.key.password type");
    }

    static void unknownTopic(Ctx c) throws Exception {
        Check.fails(UnknownTopicOrPartitionException.class,
                c.admin().describeConfigs(List.of(topicResource(c.topic("missing")))).all(),
                "describe configs of a missing topic");
    }

    static void alterTopicConfig(Ctx c) throws Exception {
        String topic = c.topic("alter");
        Check.get(c.admin().createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all());
        ConfigResource r = topicResource(topic);
        alter(c, r, new AlterConfigOp(new ConfigEntry("retention.ms", "12345"), AlterConfigOp.OpType.SET),
                new AlterConfigOp(new ConfigEntry("max.message.bytes", "200000"), AlterConfigOp.OpType.SET));
        Check.isTrue(c.eventually(() -> "12345".equals(value(describe(c, r), "retention.ms"))),
                "retention.ms altered");
        Config cfg = describe(c, r);
        expect(cfg, "retention.ms", "12345", ConfigSource.DYNAMIC_TOPIC_CONFIG);
        expect(cfg, "max.message.bytes", "200000", ConfigSource.DYNAMIC_TOPIC_CONFIG);

        // APPEND to a list config, then SUBTRACT.
        alter(c, r, new AlterConfigOp(new ConfigEntry("cleanup.policy", "compact"), AlterConfigOp.OpType.APPEND));
        Check.isTrue(c.eventually(() -> "delete,compact".equals(value(describe(c, r), "cleanup.policy"))),
                "cleanup.policy after APPEND compact: " + value(describe(c, r), "cleanup.policy"));
        alter(c, r, new AlterConfigOp(new ConfigEntry("cleanup.policy", "delete"),
                AlterConfigOp.OpType.SUBTRACT));
        Check.isTrue(c.eventually(() -> "compact".equals(value(describe(c, r), "cleanup.policy"))),
                "cleanup.policy after SUBTRACT delete");

        // DELETE returns to the default.
        alter(c, r, new AlterConfigOp(new ConfigEntry("retention.ms", ""), AlterConfigOp.OpType.DELETE));
        Check.isTrue(c.eventually(() -> entry(describe(c, r), "retention.ms").source() == ConfigSource.DEFAULT_CONFIG),
                "retention.ms back to its default");
        expect(describe(c, r), "retention.ms", "604800000", ConfigSource.DEFAULT_CONFIG);
        expect(describe(c, r), "max.message.bytes", "200000", ConfigSource.DYNAMIC_TOPIC_CONFIG);
    }

    private static void alter(Ctx c, ConfigResource r, AlterConfigOp... ops) throws Exception {
        Check.get(c.admin().incrementalAlterConfigs(Map.of(r, List.<AlterConfigOp>of(ops))).all());
    }

    static void alterTopicInvalid(Ctx c) throws Exception {
        String topic = c.topic("alter-bad");
        Check.get(c.admin().createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all());
        ConfigResource r = topicResource(topic);
        Map<ConfigResource, Collection<AlterConfigOp>> bad = Map.of(r, List.of(new AlterConfigOp(
                new ConfigEntry("retention.ms", "soon"), AlterConfigOp.OpType.SET)));
        Check.fails(InvalidConfigurationException.class, c.admin().incrementalAlterConfigs(bad).all(),
                "retention.ms=soon");
        Map<ConfigResource, Collection<AlterConfigOp>> unknown = Map.of(r, List.of(new AlterConfigOp(
                new ConfigEntry("no.such.config", "1"), AlterConfigOp.OpType.SET)));
        Check.fails(InvalidConfigurationException.class, c.admin().incrementalAlterConfigs(unknown).all(),
                "an unknown config");
        Map<ConfigResource, Collection<AlterConfigOp>> missing = Map.of(topicResource(c.topic("missing")),
                List.of(new AlterConfigOp(new ConfigEntry("retention.ms", "1000"), AlterConfigOp.OpType.SET)));
        Check.fails(UnknownTopicOrPartitionException.class, c.admin().incrementalAlterConfigs(missing).all(),
                "a missing topic");
        expect(describe(c, r), "retention.ms", "604800000", ConfigSource.DEFAULT_CONFIG);
    }

    /** A per-broker dynamic config, the cluster-wide default, and a read-only one. */
    static void alterBrokerConfig(Ctx c) throws Exception {
        alter(c, BROKER_1, new AlterConfigOp(new ConfigEntry("log.cleaner.threads", "2"),
                AlterConfigOp.OpType.SET));
        Check.isTrue(c.eventually(() -> "2".equals(value(describe(c, BROKER_1), "log.cleaner.threads"))),
                "log.cleaner.threads set on broker 1");
        expect(describe(c, BROKER_1), "log.cleaner.threads", "2", ConfigSource.DYNAMIC_BROKER_CONFIG,
                ConfigSource.DYNAMIC_BROKER_CONFIG, ConfigSource.DEFAULT_CONFIG);

        alter(c, CLUSTER_DEFAULT, new AlterConfigOp(new ConfigEntry("log.retention.ms", "86400000"),
                AlterConfigOp.OpType.SET));
        Check.isTrue(c.eventually(() -> "86400000".equals(value(describe(c, BROKER_1), "log.retention.ms"))),
                "log.retention.ms set cluster-wide");
        expect(describe(c, BROKER_1), "log.retention.ms", "86400000", ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG);

        InvalidRequestException e = Check.fails(InvalidRequestException.class,
                c.admin().incrementalAlterConfigs(Map.of(BROKER_1, List.of(new AlterConfigOp(
                        new ConfigEntry("node.id", "7"), AlterConfigOp.OpType.SET)))).all(),
                "node.id is read-only");
        c.log("%s", e.getMessage());

        alter(c, BROKER_1, new AlterConfigOp(new ConfigEntry("log.cleaner.threads", ""),
                AlterConfigOp.OpType.DELETE));
        alter(c, CLUSTER_DEFAULT, new AlterConfigOp(new ConfigEntry("log.retention.ms", ""),
                AlterConfigOp.OpType.DELETE));
        Check.isTrue(c.eventually(() -> entry(describe(c, BROKER_1), "log.cleaner.threads").source()
                        == ConfigSource.DEFAULT_CONFIG),
                "log.cleaner.threads back to its default");
        Check.isTrue(c.eventually(() -> entry(describe(c, BROKER_1), "log.retention.ms").source()
                        == ConfigSource.DEFAULT_CONFIG),
                "log.retention.ms back to its default");
    }
}
