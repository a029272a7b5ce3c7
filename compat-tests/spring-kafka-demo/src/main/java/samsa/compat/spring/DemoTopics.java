package samsa.compat.spring;

import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.stereotype.Component;

/**
 * Topic and group names, fresh for each application context: "sk-RUN-WHAT" where RUN is random,
 * so every scenario, and every run against the same broker, has topics and groups of its own.
 * Listener annotations refer to it as {@code #{@demoTopics.name('what')}}.
 */
@Component("demoTopics")
public class DemoTopics {
  private final String run =
      Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36)
          + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36);

  public String name(String what) {
    return "sk-" + run + "-" + what;
  }

  /** A NewTopic named as name(what) does, with one replica. */
  public NewTopic topic(String what, int partitions) {
    return TopicBuilder.name(name(what)).partitions(partitions).replicas(1).build();
  }

  public String run() {
    return run;
  }
}
