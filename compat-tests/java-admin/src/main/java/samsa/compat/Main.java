package samsa.compat;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The "java" compatibility suite's entry point.
 *
 * <pre>
 * list [--quick|--full]                 scenario names, one a line
 * run --bootstrap HOST:PORT --out FILE --logs DIR [--timeout SECONDS] NAME...
 *                                       runs the scenarios in order, appending one JSON line
 *                                       per scenario to FILE and its log to DIR/NAME.log
 * api-versions --bootstrap HOST:PORT    prints the broker's ApiVersions ranges and features
 *                                       in the format of expected/api-versions-*.txt
 * </pre>
 *
 * A scenario passes when it returns, fails on an AssertionError or any other exception,
 * is skipped on {@link Check.Skip}, and times out when it runs past --timeout (its thread is
 * then abandoned and the next scenario starts). Exit 0 when every result was written.
 */
public final class Main {
    private Main() {}

    /** The process's own stderr: progress lines. */
    private static final PrintStream CONSOLE = System.err;
    /** Where System.err (and so the clients' slf4j-simple log) goes: the current scenario's log. */
    private static final LogRouter ROUTER = new LogRouter(CONSOLE);

    public static void main(String[] args) throws Exception {
        System.setErr(new PrintStream(ROUTER, true, StandardCharsets.UTF_8));
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
        if (args.length == 0) usage();
        switch (args[0]) {
            case "list" -> {
                boolean full = args.length > 1 && args[1].equals("--full");
                for (Scenario s : Scenarios.all()) {
                    if (full || s.quick()) System.out.println(s.name());
                }
            }
            case "run" -> System.exit(run(args));
            case "api-versions" -> {
                if (args.length != 3 || !args[1].equals("--bootstrap")) usage();
                System.out.print(ApiVersionsScenarios.describe(args[2]));
            }
            default -> usage();
        }
    }

    private static void usage() {
        CONSOLE.println("usage: Main list [--quick|--full]\n"
                + "       Main run --bootstrap HOST:PORT --out FILE --logs DIR [--timeout S] NAME...\n"
                + "       Main api-versions --bootstrap HOST:PORT");
        System.exit(2);
    }

    private static int run(String[] args) throws IOException, InterruptedException {
        String bootstrap = null;
        Path out = null;
        Path logs = null;
        long timeoutSeconds = 60;
        List<String> names = new ArrayList<>();
        for (int i = 1; i < args.length; ++i) {
            switch (args[i]) {
                case "--bootstrap" -> bootstrap = args[++i];
                case "--out" -> out = Path.of(args[++i]);
                case "--logs" -> logs = Path.of(args[++i]);
                case "--timeout" -> timeoutSeconds = Long.parseLong(args[++i]);
                default -> names.add(args[i]);
            }
        }
        if (bootstrap == null || out == null || logs == null) usage();
        Files.createDirectories(logs);
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "scenario");
            t.setDaemon(true);
            return t;
        });
        for (String name : names) {
            Scenario scenario = Scenarios.find(name);
            Path logFile = logs.resolve(name + ".log");
            Result result;
            long start = System.nanoTime();
            if (scenario == null) {
                result = new Result(name, "error", 0, "no such scenario");
            } else {
                try (PrintStream log = new PrintStream(Files.newOutputStream(logFile), true,
                             StandardCharsets.UTF_8)) {
                    ROUTER.target(log);
                    Ctx ctx = new Ctx(bootstrap, log, timeoutSeconds);
                    Future<?> f = pool.submit(() -> {
                        scenario.body().run(ctx);
                        return null;
                    });
                    result = await(name, f, ctx, start, timeoutSeconds);
                    ctx.close();
                } finally {
                    ROUTER.target(CONSOLE);
                }
            }
            String line = result.json() + "\n";
            Files.writeString(out, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            CONSOLE.printf("%-48s %-7s %6d ms%n", name, result.status(), result.durationMs());
        }
        pool.shutdownNow();
        return 0;
    }

    private static Result await(String name, Future<?> f, Ctx ctx, long start, long timeoutSeconds)
            throws InterruptedException {
        String status;
        String message = "";
        try {
            f.get(timeoutSeconds, TimeUnit.SECONDS);
            status = "pass";
        } catch (TimeoutException e) {
            f.cancel(true);
            status = "timeout";
            message = "still running after " + timeoutSeconds + " s";
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Check.Skip) {
                status = "skip";
            } else {
                status = "fail";
            }
            message = cause instanceof AssertionError || cause instanceof Check.Skip
                    ? String.valueOf(cause.getMessage())
                    : cause.toString();
            ctx.log("%s: %s", status, message);
            if (!(cause instanceof Check.Skip)) cause.printStackTrace(ctx.logStream());
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        return new Result(name, status, ms, message);
    }

    record Result(String test, String status, long durationMs, String message) {
        String json() {
            return "{\"test\":" + Json.quote(test) + ",\"status\":" + Json.quote(status)
                    + ",\"duration_ms\":" + durationMs + ",\"message\":" + Json.quote(message)
                    + "}";
        }
    }
}
