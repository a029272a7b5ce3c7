package samsa.compat.spring;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Transactions (application-transactions.properties makes the producer factory
 * transactional, so Spring Boot adds a KafkaTransactionManager to the listener containers):
 * a consume-transform-produce listener whose sends and offset commits share one transaction.
 * Not in "demo": it needs a broker that serves transactions.
 */
@Configuration
@Profile("transactions")
public class TransactionsConfig {
  private final KafkaTemplate<Object, Object> template;
  private final DemoTopics topics;

  public TransactionsConfig(KafkaTemplate<Object, Object> template, DemoTopics topics) {
    this.template = template;
    this.topics = topics;
  }

  @Bean
  public KafkaAdmin.NewTopics transactionsTopics() {
    return new KafkaAdmin.NewTopics(topics.topic("tx-in", 2), topics.topic("tx-out", 2));
  }

  @KafkaListener(id = "tx-listener", topics = "#{@demoTopics.name('tx-in')}",
      groupId = "#{@demoTopics.name('tx-g')}")
  public void onOrder(ConsumerRecord<String, Order> rec) {
    Order in = rec.value();
    template.send(topics.name("tx-out"), rec.key(),
        new OrderStatus(in.id(), "processed", in.quantity() * 10));
  }
}
