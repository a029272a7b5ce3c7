package samsa.compat.spring;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.requestreply.ReplyingKafkaTemplate;
import org.springframework.messaging.handler.annotation.SendTo;

/**
 * Request/reply: a ReplyingKafkaTemplate sends orders to the requests topic and waits for
 * the OrderStatus a @KafkaListener with @SendTo answers on the replies topic (matched by the
 * correlation header).
 */
@Configuration
@Profile({"request-reply", "demo"})
public class RequestReplyConfig {
  @Bean
  public KafkaAdmin.NewTopics requestReplyTopics(DemoTopics topics) {
    return new KafkaAdmin.NewTopics(topics.topic("rr-requests", 2), topics.topic("rr-replies", 2));
  }

  /** Spring Boot's own listener factory makes the reply container. */
  @Bean
  @SuppressWarnings("unchecked")
  public ConcurrentMessageListenerContainer<Object, Object> repliesContainer(
      @Qualifier("kafkaListenerContainerFactory") ConcurrentKafkaListenerContainerFactory<?, ?> factory,
      DemoTopics topics) {
    ConcurrentMessageListenerContainer<Object, Object> container =
        (ConcurrentMessageListenerContainer<Object, Object>) factory.createContainer(topics.name("rr-replies"));
    container.getContainerProperties().setGroupId(topics.name("rr-replies-g"));
    container.setAutoStartup(false); // the ReplyingKafkaTemplate starts it
    return container;
  }

  @Bean
  public ReplyingKafkaTemplate<Object, Object, Object> replyingTemplate(
      ProducerFactory<Object, Object> producerFactory,
      ConcurrentMessageListenerContainer<Object, Object> repliesContainer) {
    ReplyingKafkaTemplate<Object, Object, Object> template =
        new ReplyingKafkaTemplate<>(producerFactory, repliesContainer);
    template.setDefaultReplyTimeout(Duration.ofSeconds(30));
    return template;
  }

  @KafkaListener(id = "rr-server", topics = "#{@demoTopics.name('rr-requests')}",
      groupId = "#{@demoTopics.name('rr-server-g')}")
  @SendTo
  public OrderStatus handle(Order order) {
    return new OrderStatus(order.id(), "accepted", order.quantity() * 10);
  }
}
