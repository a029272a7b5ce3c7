package samsa.compat.spring;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;

/**
 * What every feature shares: the application's KafkaTemplate (primary, so that the request/reply
 * feature's ReplyingKafkaTemplate does not take its place in Spring Boot's listener factory as
 * the template @SendTo replies go through), with a consumer factory for KafkaTemplate.receive.
 */
@Configuration
public class CommonConfig {
  @Bean
  @Primary
  public KafkaTemplate<Object, Object> kafkaTemplate(ProducerFactory<Object, Object> producerFactory,
      ConsumerFactory<Object, Object> consumerFactory) {
    KafkaTemplate<Object, Object> template = new KafkaTemplate<>(producerFactory);
    template.setConsumerFactory(consumerFactory); // for KafkaTemplate.receive
    return template;
  }
}
