package samsa.compat;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TopicListing;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Cluster and topic scenarios through the Java Admin client (and one consumer). */
final class TopicScenarios {
    private TopicScenarios() {}

    static void register(Consumer<Scenario> add) {
        add.accept(new Scenario("admin-describe-cluster", true, TopicScenarios::describeCluster));
        add.accept(new Scenario("consumer-auto-create-topic", true, TopicScenarios::autoCreate));
        add.accept(new Scenario("admin-list-topics", true, TopicScenarios::listTopics));
        add.accept(new Scenario("admin-create-topic", true, TopicScenarios::createTopic));
        add.accept(new Scenario("admin-create-topic-defaults", true, TopicScenarios::createDefaults));
        add.accept(new Scenario("admin-create-topic-validate-only", true, TopicScenarios::validateOnly));
        add.accept(new Scenario("admin-create-topic-invalid-names", true, TopicScenarios::invalidNames));
        add.accept(new Scenario("admin-create-topic-colliding-name", true, TopicScenarios::collidingName));
        add.accept(new Scenario("admin-create-topic-invalid-partitions", true,
                TopicScenarios::invalidPartitions));
        add.accept(new Scenario("admin-create-topic-invalid-replication", true,
                TopicScenarios::invalidReplication));
        add.accept(new Scenario("admin-create-topic-invalid-config", true, TopicScenarios::invalidConfig));
        add.accept(new Scenario("admin-create-topic-duplicate", true, TopicScenarios::duplicate));
        add.accept(new Scenario("admin-create-topics-mixed-batch", true, TopicScenarios::mixedBatch));
        add.accept(new Scenario("admin-describe-topic", true, TopicScenarios::describeTopic));
        add.accept(new Scenario("admin-describe-unknown-topic", true, TopicScenarios::describeUnknown));
        add.accept(new Scenario("admin-create-partitions", true, TopicScenarios::createPartitions));
        add.accept(new Scenario("admin-delete-topic", true, TopicScenarios::deleteTopic));
    }

    static void describeCluster(Ctx c) throws Exception {
        DescribeClusterResult r = c.admin().describeCluster();
        Collection<Node> nodes = Check.get(r.nodes());
        c.log("nodes %s", nodes);
        Check.equal(1, nodes.size(), "node count");
        Node n = nodes.iterator().next();
        Check.equal(1, n.id(), "node id");
        Check.equal("localhost", n.host(), "advertised host");
        Check.equal(c.port(), n.port(), "advertised port");
        Node controller = Check.get(r.controller());
        c.log("controller %s", controller);
        Check.equal(1, controller.id(), "controller id");
        String clusterId = Check.get(r.clusterId());
        c.log("cluster id %s", clusterId);
        Check.isTrue(clusterId != null && clusterId.length() == 22,
                "cluster id is a 22-character base64 uuid: " + clusterId);
        Check.equal(clusterId, Check.get(c.admin().describeCluster().clusterId()), "stable cluster id");
    }

    /** A consumer's metadata request auto-creates the topic with num.partitions=4. */
    static void autoCreate(Ctx c) throws Exception {
        String topic = c.topic("auto");
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, c.bootstrap());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "samsa-compat");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        // The first answer may come while the topic is being created (LEADER_NOT_AVAILABLE):
        // an application asks again, as this does.
        List<PartitionInfo> parts = List.of();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            long deadline = System.nanoTime() + 15_000_000_000L;
            while (parts.isEmpty() && System.nanoTime() < deadline) {
                parts = consumer.partitionsFor(topic, Duration.ofSeconds(10));
                if (parts.isEmpty()) Thread.sleep(200);
            }
        }
        c.log("partitionsFor(%s) = %s", topic, parts);
        Check.equal(4, parts.size(), "partitions of an auto-created topic (num.partitions=4)");
        for (PartitionInfo pi : parts) {
            Check.isTrue(pi.leader() != null && pi.leader().id() == 1, "leader 1 for " + pi);
            Check.equal(1, pi.replicas().length, "replicas of " + pi);
        }
        Set<String> names = Check.get(c.admin().listTopics().names());
        Check.isTrue(names.contains(topic), "listTopics shows the auto-created topic: " + names);
    }

    static void listTopics(Ctx c) throws Exception {
        String a = c.topic("list-a");
        String b = c.topic("list-b");
        Check.get(c.admin().createTopics(List.of(new NewTopic(a, 1, (short) 1), new NewTopic(b, 2, (short) 1)))
                .all());
        Map<String, TopicListing> listings = Check.get(c.admin().listTopics().namesToListings());
        c.log("listings %s", listings.keySet());
        Check.isTrue(listings.containsKey(a) && listings.containsKey(b), "both new topics are listed");
        Check.equal(false, listings.get(a).isInternal(), "isInternal of " + a);
        Check.isTrue(!listings.get(a).topicId().equals(Uuid.ZERO_UUID), "a listed topic has a topic id");
        for (String name : listings.keySet()) {
            Check.isTrue(!name.startsWith("__"), "internal topic listed without listInternal: " + name);
        }
        Set<String> withInternal = Check.get(
                c.admin().listTopics(new ListTopicsOptions().listInternal(true)).names());
        Check.isTrue(withInternal.containsAll(listings.keySet()), "listInternal(true) lists a superset");
    }

    static void createTopic(Ctx c) throws Exception {
        String topic = c.topic("create");
        NewTopic nt = new NewTopic(topic, 3, (short) 1)
                .configs(Map.of("retention.ms", "3600000", "cleanup.policy", "compact"));
        CreateTopicsResult r = c.admin().createTopics(List.of(nt));
        Check.get(r.all());
        Check.equal(3, Check.get(r.numPartitions(topic)), "numPartitions in the CreateTopics response");
        Check.equal(1, Check.get(r.replicationFactor(topic)), "replicationFactor in the response");
        Uuid id = Check.get(r.topicId(topic));
        Check.isTrue(!id.equals(Uuid.ZERO_UUID), "the response carries a topic id");
        Config returned = Check.get(r.config(topic));
        Check.equal("3600000", ConfigScenarios.value(returned, "retention.ms"), "retention.ms in the response");
        Check.equal("compact", ConfigScenarios.value(returned, "cleanup.policy"), "cleanup.policy in the response");
        Check.equal("1048588", ConfigScenarios.value(returned, "max.message.bytes"), "max.message.bytes (a default) in the response");

        TopicDescription d = Check.get(c.admin().describeTopics(List.of(topic)).allTopicNames()).get(topic);
        c.log("describe %s", d);
        Check.equal(3, d.partitions().size(), "partitions described");
        Check.equal(id, d.topicId(), "described topic id");
        Config cfg = Check.get(c.admin().describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC,
                topic))).all()).values().iterator().next();
        Check.equal("3600000", ConfigScenarios.value(cfg, "retention.ms"), "retention.ms described");
        Check.equal("compact", ConfigScenarios.value(cfg, "cleanup.policy"), "cleanup.policy described");
    }

    static void createDefaults(Ctx c) throws Exception {
        String topic = c.topic("defaults");
        CreateTopicsResult r = c.admin().createTopics(List.of(new NewTopic(topic, Optional.empty(),
                Optional.empty())));
        Check.get(r.all());
        Check.equal(4, Check.get(r.numPartitions(topic)), "partitions by default (num.partitions=4)");
        Check.equal(1, Check.get(r.replicationFactor(topic)), "replication factor by default");
        TopicDescription d = Check.get(c.admin().describeTopics(List.of(topic)).allTopicNames()).get(topic);
        Check.equal(4, d.partitions().size(), "partitions described");
    }

    static void validateOnly(Ctx c) throws Exception {
        String topic = c.topic("validate");
        CreateTopicsResult r = c.admin().createTopics(List.of(new NewTopic(topic, 2, (short) 1)),
                new CreateTopicsOptions().validateOnly(true));
        Check.get(r.all());
        Check.equal(2, Check.get(r.numPartitions(topic)), "numPartitions of a validate-only create");
        Set<String> names = Check.get(c.admin().listTopics().names());
        Check.isTrue(!names.contains(topic), "a validate-only create made no topic");
        Check.fails(UnknownTopicOrPartitionException.class,
                c.admin().describeTopics(List.of(topic)).allTopicNames(), "describe after validate-only");
    }

    /** Every name the broker must refuse with INVALID_TOPIC_EXCEPTION (17). */
    static void invalidNames(Ctx c) throws Exception {
        List<String> bad = List.of(".", "..", "x".repeat(250), "bad/name", "bad name", "b\u00e4d",
                "bad:name", "bad*name");
        Admin admin = c.admin();
        for (String name : bad) {
            CreateTopicsResult r = admin.createTopics(List.of(new NewTopic(name, 1, (short) 1)));
            InvalidTopicException e = Check.fails(InvalidTopicException.class, r.all(),
                    "create '" + abbreviate(name) + "'");
            c.log("'%s': %s", abbreviate(name), e.getMessage());
        }
        String longest = c.topic("y".repeat(240));
        Check.equal(249, longest.length(), "test setup");
        Check.get(admin.createTopics(List.of(new NewTopic(longest, 1, (short) 1))).all());
        c.log("249 characters: created");
    }

    private static String abbreviate(String s) {
        return s.length() > 20 ? s.substring(0, 8) + "...(" + s.length() + " chars)" : s;
    }

    /** Names differing only in '.' versus '_' collide (metric names would clash). */
    static void collidingName(Ctx c) throws Exception {
        String dotted = c.topic("collide.a");
        String underscored = dotted.replace('.', '_');
        Check.get(c.admin().createTopics(List.of(new NewTopic(dotted, 1, (short) 1))).all());
        InvalidTopicException e = Check.fails(InvalidTopicException.class,
                c.admin().createTopics(List.of(new NewTopic(underscored, 1, (short) 1))).all(),
                "create " + underscored + " after " + dotted);
        c.log("%s", e.getMessage());
        Check.contains(e.getMessage(), "collides", "the error message");
    }

    static void invalidPartitions(Ctx c) throws Exception {
        for (int n : new int[] {0, -2}) {
            String topic = c.topic("parts");
            Check.fails(InvalidPartitionsException.class,
                    c.admin().createTopics(List.of(new NewTopic(topic, n, (short) 1))).all(),
                    n + " partitions");
            assertAbsent(c, topic);
        }
    }

    static void invalidReplication(Ctx c) throws Exception {
        String topic = c.topic("rf");
        InvalidReplicationFactorException e = Check.fails(InvalidReplicationFactorException.class,
                c.admin().createTopics(List.of(new NewTopic(topic, 1, (short) 3))).all(),
                "replication factor 3 on one broker");
        c.log("%s", e.getMessage());
        assertAbsent(c, topic);
        Check.fails(InvalidReplicationFactorException.class,
                c.admin().createTopics(List.of(new NewTopic(topic, 1, (short) 0))).all(),
                "replication factor 0");
        assertAbsent(c, topic);
    }

    /** A bad value or an unknown key fails the create, and no topic is left behind. */
    static void invalidConfig(Ctx c) throws Exception {
        List<Map<String, String>> cases = List.of(Map.of("retention.ms", "soon"),
                Map.of("cleanup.policy", "shred"), Map.of("no.such.config", "1"),
                Map.of("min.insync.replicas", "0"));
        for (Map<String, String> cfg : cases) {
            String topic = c.topic("cfg");
            InvalidConfigurationException e = Check.fails(InvalidConfigurationException.class,
                    c.admin().createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(cfg))).all(),
                    "create with " + cfg);
            c.log("%s: %s", cfg, e.getMessage());
            assertAbsent(c, topic);
        }
    }

    private static void assertAbsent(Ctx c, String topic) throws Exception {
        Set<String> names = Check.get(c.admin().listTopics(new ListTopicsOptions().listInternal(true)).names());
        Check.isTrue(!names.contains(topic), "a refused create left topic " + topic + " behind");
    }

    static void duplicate(Ctx c) throws Exception {
        String topic = c.topic("dup");
        Check.get(c.admin().createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all());
        TopicExistsException e = Check.fails(TopicExistsException.class,
                c.admin().createTopics(List.of(new NewTopic(topic, 5, (short) 1))).all(), "second create");
        c.log("%s", e.getMessage());
        TopicDescription d = Check.get(c.admin().describeTopics(List.of(topic)).allTopicNames()).get(topic);
        Check.equal(2, d.partitions().size(), "the first create's partition count stays");
    }

    /** One request with good and bad topics: each gets its own outcome. */
    static void mixedBatch(Ctx c) throws Exception {
        String good = c.topic("mixed-good");
        String existing = c.topic("mixed-existing");
        Check.get(c.admin().createTopics(List.of(new NewTopic(existing, 1, (short) 1))).all());
        CreateTopicsResult r = c.admin().createTopics(List.of(new NewTopic(good, 2, (short) 1),
                new NewTopic(existing, 1, (short) 1), new NewTopic("bad/name", 1, (short) 1)));
        Check.get(r.values().get(good));
        Check.fails(TopicExistsException.class, r.values().get(existing), "existing topic in the batch");
        Check.fails(InvalidTopicException.class, r.values().get("bad/name"), "invalid name in the batch");
        Check.equal(2, Check.get(r.numPartitions(good)), "the good topic's partitions");
    }

    static void describeTopic(Ctx c) throws Exception {
        String topic = c.topic("describe");
        CreateTopicsResult r = c.admin().createTopics(List.of(new NewTopic(topic, 3, (short) 1)));
        Check.get(r.all());
        TopicDescription d = Check.get(c.admin().describeTopics(List.of(topic)).allTopicNames()).get(topic);
        c.log("%s", d);
        Check.equal(topic, d.name(), "name");
        Check.equal(false, d.isInternal(), "isInternal");
        Check.equal(Check.get(r.topicId(topic)), d.topicId(), "topic id");
        Check.equal(3, d.partitions().size(), "partition count");
        for (int i = 0; i < 3; ++i) {
            TopicPartitionInfo p = d.partitions().get(i);
            Check.equal(i, p.partition(), "partitions in order");
            Check.equal(1, p.leader().id(), "leader of " + i);
            Check.equal(List.of(1), p.replicas().stream().map(Node::id).toList(), "replicas of " + i);
            Check.equal(List.of(1), p.isr().stream().map(Node::id).toList(), "isr of " + i);
        }
        TopicDescription byId = Check.get(c.admin().describeTopics(
                org.apache.kafka.common.TopicCollection.ofTopicIds(List.of(d.topicId()))).allTopicIds())
                .get(d.topicId());
        Check.equal(topic, byId.name(), "describe by topic id");
    }

    static void describeUnknown(Ctx c) throws Exception {
        String topic = c.topic("unknown");
        Check.fails(UnknownTopicOrPartitionException.class,
                c.admin().describeTopics(List.of(topic)).allTopicNames(), "describe a missing topic");
        Set<String> names = Check.get(c.admin().listTopics().names());
        Check.isTrue(!names.contains(topic), "describing did not create the topic");
    }

    static void createPartitions(Ctx c) throws Exception {
        String topic = c.topic("grow");
        Check.get(c.admin().createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all());
        Check.get(c.admin().createPartitions(Map.of(topic, NewPartitions.increaseTo(5))).all());
        Check.isTrue(c.eventually(() -> partitions(c, topic) == 5), "5 partitions after increaseTo(5)");
        Check.fails(InvalidPartitionsException.class,
                c.admin().createPartitions(Map.of(topic, NewPartitions.increaseTo(3))).all(), "decrease to 3");
        Check.fails(InvalidPartitionsException.class,
                c.admin().createPartitions(Map.of(topic, NewPartitions.increaseTo(5))).all(), "same count");
        Check.fails(UnknownTopicOrPartitionException.class,
                c.admin().createPartitions(Map.of(c.topic("nope"), NewPartitions.increaseTo(5))).all(),
                "a missing topic");
        Check.equal(5, partitions(c, topic), "partition count after the refused requests");
    }

    private static int partitions(Ctx c, String topic) throws Exception {
        return Check.get(c.admin().describeTopics(List.of(topic)).allTopicNames()).get(topic).partitions().size();
    }

    static void deleteTopic(Ctx c) throws Exception {
        String topic = c.topic("delete");
        Check.get(c.admin().createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all());
        Check.get(c.admin().deleteTopics(List.of(topic)).all());
        Check.isTrue(c.eventually(() -> !Check.get(c.admin().listTopics().names()).contains(topic)),
                "the deleted topic leaves the listing");
        Check.fails(UnknownTopicOrPartitionException.class,
                c.admin().describeTopics(List.of(topic)).allTopicNames(), "describe after delete");
        Check.fails(UnknownTopicOrPartitionException.class,
                c.admin().deleteTopics(List.of(topic)).all(), "delete again");
        // The name can be used again, and the new topic has a new id.
        CreateTopicsResult again = c.admin().createTopics(List.of(new NewTopic(topic, 1, (short) 1)));
        Check.get(again.all());
        Check.equal(1, Check.get(again.numPartitions(topic)), "re-created topic's partitions");
    }
}
