package samsa.compat.spring;

import java.util.function.Consumer;
import org.springframework.boot.autoconfigure.kafka.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

/**
 * Makes the features' own listener container factories: set up from Spring Boot's
 * spring.kafka.* properties as its default one is, then changed as a feature needs.
 */
@Component
public class ListenerFactories {
  private final ConcurrentKafkaListenerContainerFactoryConfigurer configurer;
  private final ConsumerFactory<Object, Object> consumerFactory;

  public ListenerFactories(ConcurrentKafkaListenerContainerFactoryConfigurer configurer,
      ConsumerFactory<Object, Object> consumerFactory) {
    this.configurer = configurer;
    this.consumerFactory = consumerFactory;
  }

  public ConcurrentKafkaListenerContainerFactory<Object, Object> create(
      Consumer<ConcurrentKafkaListenerContainerFactory<Object, Object>> change) {
    ConcurrentKafkaListenerContainerFactory<Object, Object> factory =
        new ConcurrentKafkaListenerContainerFactory<>();
    configurer.configure(factory, consumerFactory);
    change.accept(factory);
    return factory;
  }
}
