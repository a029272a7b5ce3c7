package samsa.compat.spring.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.ConsumerGroupState;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.context.ActiveProfiles;
import samsa.compat.spring.Order;
import samsa.compat.spring.Seen;

/** @KafkaListener containers in consumer groups. */
@Scenario
@ActiveProfiles("listener-group")
class ListenerGroupTest extends ScenarioBase {
  @Autowired KafkaListenerEndpointRegistry registry;

  /**
   * Two consumers (concurrency 2) in one group split a four-partition topic: every record once,
   * each partition in order on one thread, the group Stable with two members of two partitions
   * each, and the offsets committed up to the end.
   */
  @Test
  void listenerGroup() throws Exception {
    String topic = topics.name("group");
    String group = topics.name("group-g");
    MessageListenerContainer container = registry.getListenerContainer("group-listener");
    // Both consumers in the group, two partitions each (the first to join may hold all four
    // for a moment before the second joins).
    await().atMost(Duration.ofSeconds(60)).until(() -> perConsumer(container).equals(List.of(2, 2)));
    broker.ready(topic);

    send(topic, "g", 0, 40);
    await().atMost(Duration.ofSeconds(60)).until(() -> recorder.count("group") >= 40);
    List<Seen> seen = recorder.get("group");
    assertThat(seen.stream().map(s -> s.order().id()).collect(Collectors.toSet())).hasSize(40);
    assertThat(seen).hasSize(40);
    assertThat(seen.stream().map(Seen::partition).collect(Collectors.toSet())).containsExactlyInAnyOrder(0, 1, 2, 3);
    assertThat(seen.stream().map(Seen::thread).collect(Collectors.toSet())).hasSize(2);
    Map<Integer, Set<String>> threadsOfPartition = new HashMap<>();
    Map<Integer, Long> lastOffset = new HashMap<>();
    for (Seen s : seen) {
      threadsOfPartition.computeIfAbsent(s.partition(), p -> new HashSet<>()).add(s.thread());
      Long last = lastOffset.put(s.partition(), s.offset());
      assertThat(s.offset()).as("partition %d in order", s.partition()).isGreaterThan(last == null ? -1 : last);
    }
    threadsOfPartition.values().forEach(t -> assertThat(t).hasSize(1));

    ConsumerGroupDescription d = broker.group(group);
    assertThat(d.state()).isEqualTo(ConsumerGroupState.STABLE);
    assertThat(d.members()).hasSize(2);
    for (MemberDescription m : d.members()) {
      assertThat(m.assignment().topicPartitions()).hasSize(2);
      assertThat(m.clientId()).startsWith("samsa-spring-demo");
    }
    awaitCaughtUp(group, topic);
  }

  /**
   * A group that grows and shrinks under load: a second listener (two consumers) joins the
   * first one's group, takes partitions and consumes; it stops and the first takes all back.
   * Every record is consumed (at least once) and the offsets end committed.
   */
  @Test
  void listenerGroupRebalance() throws Exception {
    growAndShrink("rebalance", 60, 2, 4, (d, phase2) -> {
      Set<String> threads = phase2.stream().map(Seen::thread).collect(Collectors.toSet());
      assertThat(threads).as("consumer threads of phase 2").hasSizeGreaterThanOrEqualTo(3);
      assertThat(d.members()).hasSize(3);
    });
  }

  /**
   * The same with the cooperative sticky assignor (incremental rebalances): a second consumer
   * joins under load and takes half the partitions, then leaves; every record consumed.
   */
  @Test
  void listenerGroupCooperative() throws Exception {
    growAndShrink("cooperative", 30, 3, 3, (d, phase2) -> {
      assertThat(d.members()).hasSize(2);
      assertThat(d.partitionAssignor()).isEqualTo("cooperative-sticky");
    });
  }

  /**
   * Topic NAME (six partitions) and group NAME-g: NAME-first holds every partition and
   * consumes n records; NAME-second starts, the two hold firstShare and secondShare
   * partitions, n more records come and check sees the group and the records of that phase;
   * NAME-second stops, NAME-first holds all again and 30 more come. Every record consumed
   * (distinct ids), then the group's offsets committed to the end.
   */
  private void growAndShrink(String name, int n, int firstShare, int secondShare,
      BiConsumer<ConsumerGroupDescription, List<Seen>> check) throws Exception {
    String topic = topics.name(name);
    String group = topics.name(name + "-g");
    MessageListenerContainer first = registry.getListenerContainer(name + "-first");
    MessageListenerContainer second = registry.getListenerContainer(name + "-second");
    await().atMost(Duration.ofSeconds(60)).until(() -> assigned(first) == 6);
    broker.ready(topic);
    send(topic, "a", 0, n);
    await().atMost(Duration.ofSeconds(60)).until(() -> distinctIds(name).size() == n);

    second.start();
    await().atMost(Duration.ofSeconds(60))
        .until(() -> assigned(first) == firstShare && assigned(second) == secondShare);
    int before = recorder.count(name);
    send(topic, "b", 0, n);
    await().atMost(Duration.ofSeconds(60)).until(() -> distinctIds(name).size() == 2 * n);
    List<Seen> phase2 = recorder.<Seen>get(name).subList(before, recorder.count(name));
    check.accept(broker.group(group), phase2);

    second.stop();
    await().atMost(Duration.ofSeconds(60)).until(() -> assigned(first) == 6);
    send(topic, "c", 0, 30);
    await().atMost(Duration.ofSeconds(60)).until(() -> distinctIds(name).size() == 2 * n + 30);
    awaitCaughtUp(group, topic);
  }

  /** The number of partitions each consumer of c holds, sorted. */
  private static List<Integer> perConsumer(MessageListenerContainer c) {
    Map<String, ? extends java.util.Collection<?>> byClient = c.getAssignmentsByClientId();
    if (byClient == null) {
      return List.of();
    }
    return byClient.values().stream().map(p -> p == null ? 0 : p.size()).sorted().toList();
  }

  private static int assigned(MessageListenerContainer c) {
    var parts = c.getAssignedPartitions();
    return parts == null ? 0 : parts.size();
  }

  private void send(String topic, String prefix, int from, int to) throws Exception {
    send(topic, from, to, i -> prefix + "-key-" + i, i -> Order.of(prefix + i, i));
  }
}
