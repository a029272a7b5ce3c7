package samsa.compat.spring;

import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Blocking retries and a dead-letter topic: a listener that throws on poison orders, behind a
 * DefaultErrorHandler that retries each failing record twice (FixedBackOff, 100 ms) and then
 * publishes it to TOPIC-dlt (the default destination of spring-kafka 3.3's
 * DeadLetterPublishingRecoverer, TOPIC.DLT in older releases); a second listener reads it.
 */
@Configuration
@Profile({"dead-letter", "demo"})
public class DeadLetterConfig {
  public static final long RETRIES = 2;

  private final Recorder recorder;

  public DeadLetterConfig(Recorder recorder) {
    this.recorder = recorder;
  }

  @Bean
  public static ConcurrentKafkaListenerContainerFactory<Object, Object> deadLetterFactory(
      ListenerFactories factories, KafkaTemplate<Object, Object> template) {
    return factories.create(f -> f.setCommonErrorHandler(retryThenDeadLetter(template)));
  }

  /** The same for a batch listener, which names the failed record by its index. */
  @Bean
  public static ConcurrentKafkaListenerContainerFactory<Object, Object> deadLetterBatchFactory(
      ListenerFactories factories, KafkaTemplate<Object, Object> template) {
    return factories.create(f -> {
      f.setBatchListener(true);
      f.setCommonErrorHandler(retryThenDeadLetter(template));
    });
  }

  /** RETRIES retries 100 ms apart, then the record to TOPIC-dlt. */
  private static DefaultErrorHandler retryThenDeadLetter(KafkaTemplate<Object, Object> template) {
    return new DefaultErrorHandler(new DeadLetterPublishingRecoverer(template), new FixedBackOff(100L, RETRIES));
  }

  /** The recoverer publishes to the failed record's partition: each DLT needs as many. */
  @Bean
  public KafkaAdmin.NewTopics deadLetterTopics(DemoTopics topics) {
    return new KafkaAdmin.NewTopics(topics.topic("dl", 2), topics.topic("dl-dlt", 2),
        topics.topic("dlb", 2), topics.topic("dlb-dlt", 2));
  }

  @KafkaListener(id = "dl-listener", topics = "#{@demoTopics.name('dl')}",
      groupId = "#{@demoTopics.name('dl-g')}", containerFactory = "deadLetterFactory")
  public void onOrder(ConsumerRecord<String, Order> rec) {
    recorder.add("dl-attempts", rec.value().id());
    if (rec.value().poison()) {
      throw new IllegalStateException("poison order " + rec.value().id());
    }
    recorder.add("dl-processed", Seen.of(rec));
  }

  /** Processes a batch in order; a poison order stops it with BatchListenerFailedException. */
  @KafkaListener(id = "dlb-listener", topics = "#{@demoTopics.name('dlb')}",
      groupId = "#{@demoTopics.name('dlb-g')}", containerFactory = "deadLetterBatchFactory",
      autoStartup = "false")
  public void onBatch(List<ConsumerRecord<String, Order>> records) {
    for (int i = 0; i < records.size(); i++) {
      ConsumerRecord<String, Order> rec = records.get(i);
      recorder.add("dlb-attempts", rec.value().id());
      if (rec.value().poison()) {
        throw new BatchListenerFailedException("poison order " + rec.value().id(), i);
      }
      recorder.add("dlb-processed", Seen.of(rec));
    }
  }

  @KafkaListener(id = "dlb-dlt-listener", topics = "#{@demoTopics.name('dlb') + '-dlt'}",
      groupId = "#{@demoTopics.name('dlb-dlt-g')}")
  public void onBatchDeadLetter(ConsumerRecord<String, Order> rec) {
    recorder.add("dlb-dlt", rec);
  }

  @KafkaListener(id = "dlt-listener", topics = "#{@demoTopics.name('dl') + '-dlt'}",
      groupId = "#{@demoTopics.name('dlt-g')}")
  public void onDeadLetter(ConsumerRecord<String, Order> rec) {
    recorder.add("dl-dlt", rec);
  }
}
