package samsa.oldclients;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.ConsumerGroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.AppInfoParser;

/**
 * What an application on an older Kafka Java client does: create a topic with the admin
 * client, produce 2000 gzip records with the idempotent producer, consume them in a group
 * committing as it goes, and look at the group through the admin client. Compiled against
 * kafka-clients 2.8.2 and run with whichever release is on the class path (the broker sees
 * that release's protocol versions). Prints "OK ..." and exits 0, or prints "FAIL: why" and
 * exits 1.
 *
 * usage: OldClientCheck BOOTSTRAP TOPIC GROUP
 */
public final class OldClientCheck {
    private static final int RECORDS = 2000;
    private static final int PARTITIONS = 3;

    private OldClientCheck() {}

    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: OldClientCheck BOOTSTRAP TOPIC GROUP");
            System.exit(2);
        }
        try {
            run(args[0], args[1], args[2]);
            System.out.println("OK kafka-clients " + AppInfoParser.getVersion());
            System.out.flush();
            System.exit(0);
        } catch (Throwable t) {
            t.printStackTrace(System.out);
            System.out.println("FAIL: kafka-clients " + AppInfoParser.getVersion() + ": " + t);
            System.out.flush();
            System.exit(1);
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) throw new AssertionError(what);
    }

    private static void log(String s) {
        System.out.println(s);
    }

    static void run(String bootstrap, String topic, String group) throws Exception {
        log("kafka-clients " + AppInfoParser.getVersion() + " against " + bootstrap);
        Properties ap = new Properties();
        ap.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        ap.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        try (AdminClient admin = AdminClient.create(ap)) {
            admin.createTopics(Collections.singleton(new NewTopic(topic, PARTITIONS, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
            TopicDescription td = admin.describeTopics(Collections.singleton(topic)).all()
                    .get(30, TimeUnit.SECONDS).get(topic);
            check(td.partitions().size() == PARTITIONS, "partitions of the created topic: " + td);
            log("created " + topic + " with " + PARTITIONS + " partitions");

            // Produce: idempotent, acks=all, gzip; keys spread the records over the partitions.
            Properties pp = new Properties();
            pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            pp.put(ProducerConfig.ACKS_CONFIG, "all");
            pp.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            pp.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip");
            pp.put(ProducerConfig.LINGER_MS_CONFIG, "5");
            pp.put(ProducerConfig.BATCH_SIZE_CONFIG, "16384");
            Map<TopicPartition, Map<Long, String>> acked = new HashMap<>();
            try (KafkaProducer<String, String> producer =
                    new KafkaProducer<>(pp, new StringSerializer(), new StringSerializer())) {
                List<Future<RecordMetadata>> futures = new ArrayList<>();
                for (int i = 0; i < RECORDS; i++) {
                    futures.add(producer.send(new ProducerRecord<>(topic, "key-" + (i % 17), "value-" + i)));
                }
                producer.flush();
                for (int i = 0; i < RECORDS; i++) {
                    RecordMetadata md = futures.get(i).get(30, TimeUnit.SECONDS);
                    check(md.hasOffset(), "record " + i + " acknowledged without an offset");
                    TopicPartition tp = new TopicPartition(topic, md.partition());
                    String prev = acked.computeIfAbsent(tp, k -> new HashMap<>()).put(md.offset(), "value-" + i);
                    check(prev == null, "two records acknowledged at " + tp + "@" + md.offset());
                }
            }
            Map<TopicPartition, Long> end = new HashMap<>();
            for (Map.Entry<TopicPartition, Map<Long, String>> e : acked.entrySet()) {
                end.put(e.getKey(), Collections.max(e.getValue().keySet()) + 1);
                check(e.getValue().size() == end.get(e.getKey()),
                        "offsets of " + e.getKey() + " are not 0.." + (end.get(e.getKey()) - 1)
                                + " (" + e.getValue().size() + " records)");
            }
            log("produced " + RECORDS + " records, end offsets " + end);

            // Consume in a group, committing after every poll.
            Properties cp = new Properties();
            cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            cp.put(ConsumerConfig.GROUP_ID_CONFIG, group);
            cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            cp.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            cp.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "300");
            Map<TopicPartition, Long> last = new HashMap<>();
            Set<String> seen = new HashSet<>();
            int consumed = 0;
            try (KafkaConsumer<String, String> consumer =
                    new KafkaConsumer<>(cp, new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(Collections.singleton(topic));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (consumed < RECORDS) {
                    check(System.nanoTime() < deadline, "consumed only " + consumed + " of " + RECORDS + " in 60 s");
                    ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                    for (ConsumerRecord<String, String> r : records) {
                        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                        Long prev = last.put(tp, r.offset());
                        check(prev == null || r.offset() > prev,
                                tp + ": offset " + r.offset() + " after " + prev);
                        String expected = acked.getOrDefault(tp, Collections.emptyMap()).get(r.offset());
                        check(r.value().equals(expected),
                                tp + "@" + r.offset() + ": value " + r.value() + ", acknowledged " + expected);
                        check(seen.add(r.value()), "consumed twice: " + r.value());
                        consumed++;
                    }
                    if (!records.isEmpty()) consumer.commitSync(Duration.ofSeconds(15));
                }
                check(consumed == RECORDS, "consumed " + consumed + " records, produced " + RECORDS);
                Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(end.keySet(), Duration.ofSeconds(15));
                for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
                    OffsetAndMetadata om = committed.get(e.getKey());
                    check(om != null && om.offset() == e.getValue(),
                            "committed offset of " + e.getKey() + ": " + om + ", end " + e.getValue());
                }
                log("consumed " + consumed + " records in order, committed " + committed);

                // The group through the admin client while its member is still in it.
                ConsumerGroupDescription live = admin.describeConsumerGroups(Collections.singleton(group))
                        .describedGroups().get(group).get(30, TimeUnit.SECONDS);
                check(live.state() == ConsumerGroupState.STABLE, "state of the live group: " + live);
                check(live.members().size() == 1, "members of the live group: " + live);
                MemberDescription m = live.members().iterator().next();
                check(m.assignment().topicPartitions().equals(end.keySet()),
                        "assignment of the member: " + m.assignment() + ", partitions " + end.keySet());
                log("described live group: " + live);
            }
            ConsumerGroupDescription after = admin.describeConsumerGroups(Collections.singleton(group))
                    .describedGroups().get(group).get(30, TimeUnit.SECONDS);
            check(after.state() == ConsumerGroupState.EMPTY && after.members().isEmpty(),
                    "group after its consumer closed: " + after);
            boolean listed = false;
            for (ConsumerGroupListing l : admin.listConsumerGroups().all().get(30, TimeUnit.SECONDS)) {
                if (l.groupId().equals(group)) listed = true;
            }
            check(listed, "listConsumerGroups does not list " + group);
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, Long> got = new HashMap<>();
            for (Map.Entry<TopicPartition, OffsetAndMetadata> e : offsets.entrySet()) {
                got.put(e.getKey(), e.getValue().offset());
            }
            check(got.equals(end), "group offsets through the admin client: " + got + ", end " + end);
            log("group " + group + " is Empty with offsets " + got);
        }
    }
}
