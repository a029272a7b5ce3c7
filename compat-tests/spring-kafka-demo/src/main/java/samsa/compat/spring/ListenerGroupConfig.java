package samsa.compat.spring;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * @KafkaListener in a consumer group: two consumers (concurrency 2) share a four-partition
 * topic. For the rebalance scenario, a second listener joins the group of a first one later
 * (started by hand through the KafkaListenerEndpointRegistry), with the default (eager range)
 * assignor and with the cooperative sticky one.
 */
@Configuration
@Profile({"listener-group", "demo"})
public class ListenerGroupConfig {
  static final String COOPERATIVE =
      "partition.assignment.strategy=org.apache.kafka.clients.consumer.CooperativeStickyAssignor";

  private final Recorder recorder;

  public ListenerGroupConfig(Recorder recorder) {
    this.recorder = recorder;
  }

  @Bean
  public KafkaAdmin.NewTopics listenerGroupTopics(DemoTopics topics) {
    return new KafkaAdmin.NewTopics(
        topics.topic("group", 4), topics.topic("rebalance", 6), topics.topic("cooperative", 6));
  }

  @KafkaListener(id = "group-listener", topics = "#{@demoTopics.name('group')}",
      groupId = "#{@demoTopics.name('group-g')}", concurrency = "2")
  public void onOrder(ConsumerRecord<String, Order> rec) {
    recorder.add("group", Seen.of(rec));
  }

  @KafkaListener(id = "cooperative-first", topics = "#{@demoTopics.name('cooperative')}",
      groupId = "#{@demoTopics.name('cooperative-g')}", properties = COOPERATIVE)
  public void onCooperativeFirst(ConsumerRecord<String, Order> rec) {
    recorder.add("cooperative", Seen.of(rec));
  }

  @KafkaListener(id = "cooperative-second", topics = "#{@demoTopics.name('cooperative')}",
      groupId = "#{@demoTopics.name('cooperative-g')}", properties = COOPERATIVE,
      autoStartup = "false")
  public void onCooperativeSecond(ConsumerRecord<String, Order> rec) {
    recorder.add("cooperative", Seen.of(rec));
  }

  @KafkaListener(id = "rebalance-first", topics = "#{@demoTopics.name('rebalance')}",
      groupId = "#{@demoTopics.name('rebalance-g')}")
  public void onRebalanceFirst(ConsumerRecord<String, Order> rec) {
    recorder.add("rebalance", Seen.of(rec));
  }

  @KafkaListener(id = "rebalance-second", topics = "#{@demoTopics.name('rebalance')}",
      groupId = "#{@demoTopics.name('rebalance-g')}", concurrency = "2", autoStartup = "false")
  public void onRebalanceSecond(ConsumerRecord<String, Order> rec) {
    recorder.add("rebalance", Seen.of(rec));
  }
}
