package samsa.compat.spring;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** One record as a listener received it. */
public record Seen(String topic, int partition, long offset, String key, Order order, String thread) {
  public static Seen of(ConsumerRecord<String, Order> rec) {
    return new Seen(rec.topic(), rec.partition(), rec.offset(), rec.key(), rec.value(),
        Thread.currentThread().getName());
  }
}
