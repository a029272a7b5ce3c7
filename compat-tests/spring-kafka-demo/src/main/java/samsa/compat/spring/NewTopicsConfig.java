package samsa.compat.spring;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Topics declared as beans: Spring Boot's KafkaAdmin creates them at startup with their
 * partition counts and configs (NewTopic beans and a KafkaAdmin.NewTopics bean of several).
 */
@Configuration
@Profile({"newtopics", "demo"})
public class NewTopicsConfig {
  @Bean
  public NewTopic configuredTopic(DemoTopics topics) {
    return TopicBuilder.name(topics.name("configured"))
        .partitions(6)
        .replicas(1)
        .config(TopicConfig.RETENTION_MS_CONFIG, "3600000")
        .config(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "200000")
        .config(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime")
        .build();
  }

  /** No partition count or replication factor: the broker's defaults (num.partitions). */
  @Bean
  public NewTopic defaultsTopic(DemoTopics topics) {
    return TopicBuilder.name(topics.name("defaults")).build();
  }

  /** Grown and reconfigured at run time by KafkaAdmin.createOrModifyTopics. */
  @Bean
  public NewTopic modifiedTopic(DemoTopics topics) {
    return TopicBuilder.name(topics.name("modified")).partitions(2).replicas(1)
        .config(TopicConfig.RETENTION_MS_CONFIG, "3600000").build();
  }

  @Bean
  public KafkaAdmin.NewTopics moreTopics(DemoTopics topics) {
    return new KafkaAdmin.NewTopics(
        TopicBuilder.name(topics.name("more-a")).partitions(1).replicas(1).build(),
        TopicBuilder.name(topics.name("more-b")).partitions(3).replicas(1)
            .config(TopicConfig.SEGMENT_BYTES_CONFIG, "1048576").build());
  }
}
