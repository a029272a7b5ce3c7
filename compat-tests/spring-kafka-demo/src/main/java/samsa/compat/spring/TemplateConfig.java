package samsa.compat.spring;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.kafka.config.TopicBuilder;

/** KafkaTemplate sends: the topics they go to (the template itself is CommonConfig's). */
@Configuration
@Profile({"template", "demo"})
public class TemplateConfig {
  @Bean
  public NewTopic templateTopic(DemoTopics topics) {
    return TopicBuilder.name(topics.name("template")).partitions(3).replicas(1).build();
  }

  @Bean
  public NewTopic templateCompressionTopic(DemoTopics topics) {
    return TopicBuilder.name(topics.name("template-compression")).partitions(2).replicas(1).build();
  }

  @Bean
  public NewTopic templateReceiveTopic(DemoTopics topics) {
    return TopicBuilder.name(topics.name("template-receive")).partitions(1).replicas(1).build();
  }

  @Bean
  public NewTopic templateMessageTopic(DemoTopics topics) {
    return TopicBuilder.name(topics.name("template-message")).partitions(3).replicas(1).build();
  }
}
