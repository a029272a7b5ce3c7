package samsa.compat.spring;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.kafka.core.KafkaAdmin;

/** KafkaTemplate sends: the topics they go to (the template itself is CommonConfig's). */
@Configuration
@Profile({"template", "demo"})
public class TemplateConfig {
  @Bean
  public KafkaAdmin.NewTopics templateTopics(DemoTopics topics) {
    return new KafkaAdmin.NewTopics(topics.topic("template", 3), topics.topic("template-compression", 2),
        topics.topic("template-receive", 1), topics.topic("template-message", 3));
  }
}
