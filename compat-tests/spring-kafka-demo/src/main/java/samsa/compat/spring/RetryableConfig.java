package samsa.compat.spring;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.kafka.annotation.DltHandler;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.annotation.RetryableTopic;
import org.springframework.kafka.retrytopic.TopicSuffixingStrategy;
import org.springframework.retry.annotation.Backoff;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Non-blocking retries: @RetryableTopic with three attempts creates TOPIC-retry-0 and
 * TOPIC-retry-1 (back-off 200 ms, then 400 ms) and TOPIC-dlt; a poison order travels through
 * all of them and ends at the @DltHandler.
 */
@Configuration
@EnableScheduling
@Profile({"retryable", "demo"})
public class RetryableConfig {
  private final Recorder recorder;

  public RetryableConfig(Recorder recorder) {
    this.recorder = recorder;
  }

  @RetryableTopic(attempts = "3", backoff = @Backoff(delay = 200, multiplier = 2.0),
      topicSuffixingStrategy = TopicSuffixingStrategy.SUFFIX_WITH_INDEX_VALUE,
      numPartitions = "2", replicationFactor = "1")
  @KafkaListener(id = "retryable-listener", topics = "#{@demoTopics.name('rt')}",
      groupId = "#{@demoTopics.name('rt-g')}")
  public void onOrder(ConsumerRecord<String, Order> rec) {
    recorder.add("rt-attempts", Seen.of(rec));
    if (rec.value().poison()) {
      throw new IllegalStateException("poison order " + rec.value().id());
    }
    recorder.add("rt-processed", Seen.of(rec));
  }

  @DltHandler
  public void onDeadLetter(ConsumerRecord<String, Order> rec) {
    recorder.add("rt-dlt", Seen.of(rec));
  }
}
