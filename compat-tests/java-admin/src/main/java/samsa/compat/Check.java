package samsa.compat;

import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Assertions. A failed one throws AssertionError with a message that says what differed. */
final class Check {
    private Check() {}

    /** Thrown by a scenario that cannot run here; reported as "skip". */
    static final class Skip extends RuntimeException {
        Skip(String why) {
            super(why);
        }
    }

    static void equal(Object expected, Object actual, String what) {
        if (!Objects.equals(expected, actual)) {
            throw new AssertionError(what + ": expected <" + expected + "> but got <" + actual + ">");
        }
    }

    static void isTrue(boolean condition, String what) {
        if (!condition) throw new AssertionError(what);
    }

    static void contains(String haystack, String needle, String what) {
        if (haystack == null || !haystack.contains(needle)) {
            throw new AssertionError(what + ": expected to find <" + needle + "> in:\n" + haystack);
        }
    }

    static void notContains(String haystack, String needle, String what) {
        if (haystack != null && haystack.contains(needle)) {
            throw new AssertionError(what + ": did not expect <" + needle + "> in:\n" + haystack);
        }
    }

    /** Waits for f and returns its value; an ExecutionException is rethrown as its cause. */
    static <T> T get(Future<T> f) throws Exception {
        try {
            return f.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) throw cause;
            throw e;
        }
    }

    /**
     * Waits for f and requires it to fail with an exception of type expected (the Kafka
     * error the broker must answer). Returns the exception for further checks.
     */
    static <E extends Throwable> E fails(Class<E> expected, Future<?> f, String what)
            throws InterruptedException, java.util.concurrent.TimeoutException {
        try {
            Object value = f.get(30, TimeUnit.SECONDS);
            throw new AssertionError(what + ": expected " + expected.getSimpleName()
                    + " but it succeeded (" + value + ")");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (!expected.isInstance(cause)) {
                throw new AssertionError(what + ": expected " + expected.getSimpleName() + " but got "
                        + cause, cause);
            }
            return expected.cast(cause);
        }
    }
}
