package samsa.compat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Every scenario of the suite, in the order `list` prints and the runner runs them. */
final class Scenarios {
    private Scenarios() {}

    private static final List<Scenario> ALL = build();

    private static List<Scenario> build() {
        List<Scenario> all = new ArrayList<>();
        ApiVersionsScenarios.register(all::add);
        TopicScenarios.register(all::add);
        ConfigScenarios.register(all::add);
        CliScenarios.register(all::add);
        DataScenarios.register(all::add);
        GroupScenarios.register(all::add);
        ClientToolScenarios.register(all::add);
        Set<String> seen = new HashSet<>();
        for (Scenario s : all) {
            if (!seen.add(s.name())) throw new IllegalStateException("duplicate scenario " + s.name());
        }
        return Collections.unmodifiableList(all);
    }

    static List<Scenario> all() {
        return ALL;
    }

    static Scenario find(String name) {
        for (Scenario s : ALL) {
            if (s.name().equals(name)) return s;
        }
        return null;
    }
}
