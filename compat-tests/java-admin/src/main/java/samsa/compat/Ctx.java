package samsa.compat;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * What a scenario gets: the broker's address, a log (the scenario's own file), an admin
 * client made on first use and closed after the scenario, fresh topic names, and a way to run
 * Kafka's console tools as a user would.
 */
final class Ctx implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String bootstrap;
    private final PrintStream log;
    private final long timeoutSeconds;
    private Admin admin;
    private String toolsVersion = "4";

    Ctx(String bootstrap, PrintStream log, long timeoutSeconds) {
        this.bootstrap = bootstrap;
        this.log = log;
        this.timeoutSeconds = timeoutSeconds;
    }

    String bootstrap() {
        return bootstrap;
    }

    int port() {
        return Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
    }

    PrintStream logStream() {
        return log;
    }

    void log(String format, Object... args) {
        log.println(String.format(format, args));
    }

    /** A topic name no other scenario or run uses: PREFIX-<8 hex digits>. */
    String topic(String prefix) {
        byte[] b = new byte[4];
        RANDOM.nextBytes(b);
        return prefix + "-" + HexFormat.of().formatHex(b);
    }

    Admin admin() {
        if (admin == null) {
            Properties p = new Properties();
            p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(AdminClientConfig.CLIENT_ID_CONFIG, "samsa-compat");
            p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
            p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "20000");
            admin = Admin.create(p);
        }
        return admin;
    }

    /** Which Kafka tools release line tool() runs: "4" (default) or "3.9". */
    void useTools(String version) {
        toolsVersion = version;
    }

    record ToolResult(int exit, String stdout, String stderr) {
        String all() {
            return stdout + stderr;
        }
    }

    /**
     * Runs a Kafka console tool by its script name through scripts/kafka-ref.sh (env
     * KAFKA_REF_SH), with --bootstrap-server added first, and logs the command and its output.
     */
    ToolResult tool(String name, String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("--bootstrap-server", bootstrap));
        argv.addAll(List.of(args));
        return toolRaw(name, null, argv.toArray(String[]::new));
    }

    /** Runs a tool with exactly these arguments; stdin, when not null, is written to it. */
    ToolResult toolRaw(String name, String stdin, String... args)
            throws IOException, InterruptedException {
        String script = System.getenv("KAFKA_REF_SH");
        if (script == null) throw new IllegalStateException("KAFKA_REF_SH is not set");
        List<String> cmd = new ArrayList<>(List.of(script, "tool", name));
        cmd.addAll(List.of(args));
        log("$ KAFKA_TOOLS_VERSION=%s %s %s", toolsVersion, name, String.join(" ", args));
        return run(cmd, Map.of("KAFKA_TOOLS_VERSION", toolsVersion), stdin,
                Math.max(10, timeoutSeconds - 5));
    }

    /**
     * Runs a command with these extra environment variables (stdin written to it when not
     * null), kills it with its children after limitSeconds, and logs its exit and output.
     */
    ToolResult run(List<String> cmd, Map<String, String> env, String stdin, long limitSeconds)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        Process p = pb.start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> slurp(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> slurp(p.getErrorStream()));
        if (stdin != null) p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        if (!p.waitFor(limitSeconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor();
            log("(killed after %d s)", limitSeconds);
        }
        ToolResult r = new ToolResult(p.exitValue(), out.join(), err.join());
        log("exit %d%n--- stdout%n%s--- stderr%n%s---", r.exit(), r.stdout(), r.stderr());
        return r;
    }

    private static String slurp(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(read failed: " + e + ")";
        }
    }

    /** Polls check every 200 ms until it returns true or about 15 s pass. */
    boolean eventually(java.util.concurrent.Callable<Boolean> check) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            if (check.call()) return true;
            if (System.nanoTime() > deadline) return false;
            Thread.sleep(200);
        }
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(5));
            admin = null;
        }
    }
}
