package samsa.compat.spring.scenarios;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/**
 * A scenario class: the demo application started against the broker under test (Spring
 * Boot's spring.kafka.bootstrap-servers from SAMSA_COMPAT_BOOTSTRAP), with the profile the
 * class names through @ActiveProfiles, and closed after the class (its consumers leave their
 * groups) so that the next class's application has the broker to itself.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
public @interface Scenario {}
