package samsa.javatools;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.utils.internals.AppInfoParser;

/** samsa's golden-data tool: Apache Kafka's own classes write the reference data. */
public final class Main {
    private static final String USAGE = String.join("\n",
        "usage: javatools SUBCOMMAND ARGS",
        "  messages SCHEMA_DIR OUT_DIR   golden messages for every .schema file under SCHEMA_DIR",
        "  errors OUT_FILE               Kafka's error codes in samsa's errors.schema format",
        "  batches OUT_DIR               java_<codec>.bin/.json record batch goldens",
        "  read-batches FILE             Kafka's JSON view of concatenated v2 batches (FILE or -);",
        "                                exits 1 when Kafka finds a batch invalid",
        "  version                       the Kafka release on the class path");

    public static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    static int run(String[] args) throws Exception {
        String cmd = args.length > 0 ? args[0] : "";
        String release = AppInfoParser.getVersion();
        switch (cmd) {
            case "messages" -> {
                if (args.length != 3) return usage();
                Path schemaDir = Path.of(args[1]);
                Path releaseFile = schemaDir.resolve("RELEASE");
                if (Files.exists(releaseFile)) {
                    String expected = Files.readString(releaseFile, StandardCharsets.UTF_8).trim();
                    if (!expected.equals(release)) {
                        System.err.println("messages: schema is from Kafka " + expected + " but the class path has " + release);
                        return 1;
                    }
                }
                return new MessageGoldens(schemaDir, Path.of(args[2])).run();
            }
            case "errors" -> {
                if (args.length != 2) return usage();
                return ErrorCodes.run(Path.of(args[1]), release);
            }
            case "batches" -> {
                if (args.length != 2) return usage();
                return Batches.write(Path.of(args[1]));
            }
            case "read-batches" -> {
                if (args.length != 2) return usage();
                return Batches.read(Path.of(args[1]));
            }
            case "version" -> {
                System.out.println(release);
                return 0;
            }
            default -> {
                return usage();
            }
        }
    }

    private static int usage() {
        System.err.println(USAGE);
        return 2;
    }

    private Main() {
    }
}
