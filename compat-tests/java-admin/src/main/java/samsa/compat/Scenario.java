package samsa.compat;

/**
 * One test of the suite: a name (kebab-case, unique; `java/NAME` in expected-pass.txt),
 * whether --quick runs it, and its body.
 */
record Scenario(String name, boolean quick, Body body) {
    @FunctionalInterface
    interface Body {
        void run(Ctx ctx) throws Exception;
    }
}
