package samsa.compat.spring.suite;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The suite side of the spring-kafka scenarios: lists them and runs a selection in one JVM
 * (Spring contexts and the JIT are paid for once), through the JUnit Platform launcher.
 *
 * <pre>
 * list --quick|--full
 * run --bootstrap H:P --out FILE --logs DIR --timeout S TEST...
 * </pre>
 *
 * A test's name is its method name in kebab case (listenerGroup: listener-group); methods
 * tagged "full" run only under --full. As each test ends, one JSON line goes to FILE, and the
 * JVM's output (the application's and the Kafka clients' log lines) goes to DIR/TEST.log
 * while that test or its class's application context start is under way. Each test method
 * has JUnit's timeout of S seconds (in a thread of its own); a test that still has no result
 * S + 30 s after it began (a context start that hangs, say) is reported as a timeout and the
 * JVM exits with status 3, so that suite.sh starts another for the tests left.
 */
public final class SuiteLauncher {
  static final String PACKAGE = "samsa.compat.spring.scenarios";
  static final TestTag FULL = TestTag.create("full");
  static final int HUNG = 3;

  record Scenario(String name, String className, String method, boolean full) {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      usage();
    }
    switch (args[0]) {
      case "list" -> list(args.length > 1 && args[1].equals("--full"));
      case "run" -> run(args);
      default -> usage();
    }
    System.exit(0); // Kafka client threads that outlive their context are no reason to wait
  }

  static void usage() {
    System.err.println("usage: SuiteLauncher list --quick|--full");
    System.err.println("       SuiteLauncher run --bootstrap H:P --out FILE --logs DIR --timeout S TEST...");
    System.exit(2);
  }

  static void list(boolean full) {
    for (Scenario s : scenarios().values()) {
      if (full || !s.full()) {
        System.out.println(s.name());
      }
    }
  }

  /** Every scenario by name, in discovery order. */
  static Map<String, Scenario> scenarios() {
    Launcher launcher = LauncherFactory.create();
    TestPlan plan = launcher.discover(LauncherDiscoveryRequestBuilder.request()
        .selectors(selectPackage(PACKAGE)).build());
    Map<String, Scenario> out = new LinkedHashMap<>();
    for (TestIdentifier root : plan.getRoots()) {
      collect(plan, root, out);
    }
    return out;
  }

  static void collect(TestPlan plan, TestIdentifier id, Map<String, Scenario> out) {
    if (id.isTest() && id.getSource().orElse(null) instanceof MethodSource m) {
      String name = kebab(m.getMethodName());
      if (out.containsKey(name)) {
        throw new IllegalStateException("two scenarios named " + name);
      }
      out.put(name, new Scenario(name, m.getClassName(), m.getMethodName(), id.getTags().contains(FULL)));
    }
    for (TestIdentifier child : plan.getChildren(id)) {
      collect(plan, child, out);
    }
  }

  static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
  }

  static void run(String[] args) throws Exception {
    String bootstrap = null;
    Path out = null;
    Path logs = null;
    int timeout = 120;
    List<String> tests = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--bootstrap" -> bootstrap = args[++i];
        case "--out" -> out = Path.of(args[++i]);
        case "--logs" -> logs = Path.of(args[++i]);
        case "--timeout" -> timeout = Integer.parseInt(args[++i]);
        default -> tests.add(args[i]);
      }
    }
    if (bootstrap == null || out == null || logs == null) {
      usage();
    }
    Files.createDirectories(logs);
    System.setProperty("SAMSA_COMPAT_BOOTSTRAP", bootstrap);
    Run run = new Run(out, logs, timeout);

    Map<String, Scenario> all = scenarios();
    List<Scenario> chosen = new ArrayList<>();
    for (String t : tests) {
      Scenario s = all.get(t);
      if (s == null) {
        run.report(t, "error", 0, "no such test");
      } else {
        chosen.add(s);
      }
    }
    if (chosen.isEmpty()) {
      return;
    }
    run.expect(chosen);
    LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
        .selectors(chosen.stream().map(s -> selectMethod(s.className(), s.method())).toList())
        .configurationParameter("junit.jupiter.execution.timeout.testable.method.default", timeout + " s")
        .configurationParameter("junit.jupiter.execution.timeout.thread.mode.default", "SEPARATE_THREAD")
        .build();
    Thread watchdog = new Thread(run::watch, "suite-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    LauncherFactory.create().execute(request, run);
    run.finish();
  }

  /** One run: the output switch, the results file, the watchdog. */
  static final class Run implements TestExecutionListener {
    final Path out;
    final Path logs;
    final int timeout;
    final PrintStream console = System.out;
    final Switch sw = new Switch(System.out);
    final Map<String, OutputStream> logFiles = new HashMap<>();
    final Map<String, Scenario> byMethod = new HashMap<>(); // class#method -> scenario
    final Map<String, List<Scenario>> byClass = new LinkedHashMap<>();
    final Map<String, String> reported = new LinkedHashMap<>();
    final Map<String, String> classFailures = new HashMap<>();
    String current; // the test whose log takes the output now
    long currentSince;

    Run(Path out, Path logs, int timeout) {
      this.out = out;
      this.logs = logs;
      this.timeout = timeout;
      PrintStream ps = new PrintStream(sw, true, StandardCharsets.UTF_8);
      System.setOut(ps);
      System.setErr(ps);
    }

    void expect(List<Scenario> chosen) {
      for (Scenario s : chosen) {
        byMethod.put(s.className() + "#" + s.method(), s);
        byClass.computeIfAbsent(s.className(), k -> new ArrayList<>()).add(s);
      }
    }

    @Override
    public void executionStarted(TestIdentifier id) {
      Object source = id.getSource().orElse(null);
      if (source instanceof ClassSource c && byClass.containsKey(c.getClassName())) {
        // The class's application context starts with its first test: log it there.
        switchTo(byClass.get(c.getClassName()).get(0).name());
      } else if (source instanceof MethodSource m && id.isTest()) {
        Scenario s = byMethod.get(m.getClassName() + "#" + m.getMethodName());
        if (s != null && !s.name().equals(current)) {
          switchTo(s.name());
        }
      }
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
      Scenario s = scenarioOf(id);
      if (s != null) {
        report(s.name(), "skip", 0, reason);
      }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
      Object source = id.getSource().orElse(null);
      if (source instanceof ClassSource c && result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
        classFailures.put(c.getClassName(), result.getThrowable().map(Throwable::toString).orElse("failed"));
        result.getThrowable().ifPresent(t -> t.printStackTrace(System.out));
      }
      Scenario s = scenarioOf(id);
      if (s == null) {
        return;
      }
      long ms = s.name().equals(current) ? (System.nanoTime() - currentSince) / 1_000_000 : 0;
      Throwable t = result.getThrowable().orElse(null);
      if (t != null) {
        System.out.println("=== " + s.name() + " failed:");
        t.printStackTrace(System.out);
      }
      switch (result.getStatus()) {
        case SUCCESSFUL -> report(s.name(), "pass", ms, "");
        case ABORTED -> report(s.name(), "skip", ms, String.valueOf(t));
        case FAILED -> report(s.name(), timedOut(t) ? "timeout" : "fail", ms, message(t));
      }
    }

    Scenario scenarioOf(TestIdentifier id) {
      if (id.isTest() && id.getSource().orElse(null) instanceof MethodSource m) {
        return byMethod.get(m.getClassName() + "#" + m.getMethodName());
      }
      return null;
    }

    /** Tests JUnit never started (their class failed before them) get an error line. */
    void finish() {
      for (var entry : byClass.entrySet()) {
        for (Scenario s : entry.getValue()) {
          if (!reported.containsKey(s.name())) {
            String why = classFailures.getOrDefault(entry.getKey(), "JUnit did not run it");
            report(s.name(), "error", 0, "not run: " + why);
          }
        }
      }
      System.out.flush();
      sw.target = console;
      logFiles.values().forEach(o -> {
        try {
          o.close();
        } catch (IOException e) {
          // nothing to do
        }
      });
    }

    void watch() {
      while (true) {
        try {
          Thread.sleep(1000);
        } catch (InterruptedException e) {
          return;
        }
        synchronized (this) {
          if (current != null && !reported.containsKey(current)
              && System.nanoTime() - currentSince > (timeout + 30) * 1_000_000_000L) {
            System.out.println("=== no result within " + (timeout + 30) + " s: stopping the JVM");
            Thread.getAllStackTraces().forEach((th, st) -> {
              System.out.println("thread " + th.getName());
              for (StackTraceElement e : st) {
                System.out.println("    at " + e);
              }
            });
            report(current, "timeout", (System.nanoTime() - currentSince) / 1_000_000,
                "no result within " + (timeout + 30) + " s (the application context or the test hung)");
            System.out.flush();
            Runtime.getRuntime().halt(HUNG);
          }
        }
      }
    }

    synchronized void switchTo(String name) {
      System.out.flush();
      OutputStream o = logFiles.computeIfAbsent(name, n -> {
        try {
          return new FileOutputStream(logs.resolve(n + ".log").toFile(), false);
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      });
      sw.target = o;
      current = name;
      currentSince = System.nanoTime();
      System.out.println("=== " + name + " (spring-kafka scenario, broker "
          + System.getProperty("SAMSA_COMPAT_BOOTSTRAP") + ")");
    }

    synchronized void report(String test, String status, long ms, String message) {
      if (reported.containsKey(test)) {
        return;
      }
      reported.put(test, status);
      String line = "{\"test\":" + quote(test) + ",\"status\":" + quote(status) + ",\"duration_ms\":" + ms
          + ",\"message\":" + quote(message.length() > 2000 ? message.substring(0, 2000) : message) + "}\n";
      try {
        Files.writeString(out, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      console.println(test + ": " + status + " (" + ms + " ms)");
    }

    /** JUnit's timeout: TimeoutException in the same thread, "timed out after" in another. */
    static boolean timedOut(Throwable t) {
      return t instanceof TimeoutException
          || (t != null && String.valueOf(t.getMessage()).startsWith("execution timed out after"));
    }

    static String message(Throwable t) {
      if (t == null) {
        return "";
      }
      StringBuilder sb = new StringBuilder(t.toString());
      for (Throwable c = t.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
        sb.append(" <- ").append(c);
      }
      return sb.toString();
    }

    static String quote(String s) {
      StringBuilder sb = new StringBuilder("\"");
      for (char ch : s.toCharArray()) {
        switch (ch) {
          case '"' -> sb.append("\\\"");
          case '\\' -> sb.append("\\\\");
          case '\n' -> sb.append("\\n");
          case '\r' -> sb.append("\\r");
          case '\t' -> sb.append("\\t");
          default -> {
            if (ch < 0x20) {
              sb.append(String.format("\\u%04x", (int) ch));
            } else {
              sb.append(ch);
            }
          }
        }
      }
      return sb.append('"').toString();
    }
  }

  /** An output stream whose destination can change. */
  static final class Switch extends OutputStream {
    volatile OutputStream target;

    Switch(OutputStream target) {
      this.target = target;
    }

    @Override
    public void write(int b) throws IOException {
      target.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      target.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      target.flush();
    }
  }
}
