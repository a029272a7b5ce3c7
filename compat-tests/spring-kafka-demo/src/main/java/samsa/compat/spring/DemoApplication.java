package samsa.compat.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small order-processing application on spring-kafka, written to judge a Kafka broker the
 * way a Spring application uses one. Each feature lives in a configuration of its own behind
 * a profile (template, listener-group, batch, dead-letter, newtopics, retryable,
 * request-reply, consumer-control, transactions); run alone, the "demo" profile turns on all
 * but transactions.
 */
@SpringBootApplication
public class DemoApplication {
  public static void main(String[] args) {
    SpringApplication.run(DemoApplication.class, args);
  }
}
