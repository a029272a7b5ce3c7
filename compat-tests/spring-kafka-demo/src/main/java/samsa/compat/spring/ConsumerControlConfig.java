package samsa.compat.spring;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.AbstractConsumerSeekAware;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;

/**
 * Listeners that steer their consumers: manual acknowledgments (MANUAL_IMMEDIATE: one commit
 * per acknowledged record, a nack redelivers), and seeks (ConsumerSeekAware: to a timestamp,
 * to the beginning, to the end).
 */
@Configuration
@Profile({"consumer-control", "demo"})
public class ConsumerControlConfig {
  private final Recorder recorder;
  private final Set<String> nacked = ConcurrentHashMap.newKeySet();

  public ConsumerControlConfig(Recorder recorder) {
    this.recorder = recorder;
  }

  @Bean
  public static ConcurrentKafkaListenerContainerFactory<Object, Object> manualAckFactory(ListenerFactories factories) {
    return factories.create(f -> f.getContainerProperties().setAckMode(AckMode.MANUAL_IMMEDIATE));
  }

  @Bean
  public KafkaAdmin.NewTopics consumerControlTopics(DemoTopics topics) {
    return new KafkaAdmin.NewTopics(topics.topic("ack", 2), topics.topic("seek", 1));
  }

  /** Acknowledges each record, except that the first delivery of a poison order is nacked. */
  @KafkaListener(id = "ack-listener", topics = "#{@demoTopics.name('ack')}",
      groupId = "#{@demoTopics.name('ack-g')}", containerFactory = "manualAckFactory")
  public void onOrder(ConsumerRecord<String, Order> rec, Acknowledgment ack) {
    recorder.add("ack", Seen.of(rec));
    if (rec.value().poison() && nacked.add(rec.value().id())) {
      ack.nack(Duration.ofMillis(200));
    } else {
      ack.acknowledge();
    }
  }

  /** A listener the application can send back or forward in its partitions. */
  @Component
  @Profile({"consumer-control", "demo"})
  public static class SeekingListener extends AbstractConsumerSeekAware {
    private final Recorder recorder;

    public SeekingListener(Recorder recorder) {
      this.recorder = recorder;
    }

    @KafkaListener(id = "seek-listener", topics = "#{@demoTopics.name('seek')}",
        groupId = "#{@demoTopics.name('seek-g')}")
    public void onOrder(ConsumerRecord<String, Order> rec) {
      recorder.add("seek", Seen.of(rec));
    }
  }
}
