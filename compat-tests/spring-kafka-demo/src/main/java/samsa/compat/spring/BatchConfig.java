package samsa.compat.spring;

import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;

/**
 * A batch listener (a container factory with batchListener=true). It starts only when the
 * scenario has produced its records, so that its first polls return batches.
 */
@Configuration
@Profile({"batch", "demo"})
public class BatchConfig {
  private final Recorder recorder;

  public BatchConfig(Recorder recorder) {
    this.recorder = recorder;
  }

  @Bean
  public static ConcurrentKafkaListenerContainerFactory<Object, Object> batchFactory(ListenerFactories factories) {
    return factories.create(f -> f.setBatchListener(true));
  }

  @Bean
  public NewTopic batchTopic(DemoTopics topics) {
    return topics.topic("batch", 2);
  }

  @KafkaListener(id = "batch-listener", topics = "#{@demoTopics.name('batch')}",
      groupId = "#{@demoTopics.name('batch-g')}", containerFactory = "batchFactory",
      autoStartup = "false")
  public void onBatch(List<ConsumerRecord<String, Order>> records) {
    recorder.add("batch-sizes", records.size());
    for (ConsumerRecord<String, Order> rec : records) {
      recorder.add("batch", Seen.of(rec));
    }
  }
}
