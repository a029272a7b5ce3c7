package samsa.javatools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.protocol.Errors;

/**
 * The "errors" subcommand: Kafka's error codes as facts (code, name, and whether Kafka's
 * exception class for it is retriable). An error without an exception class (NONE) is
 * written as fatal.
 */
final class ErrorCodes {
    static int run(Path out, String release) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("# Kafka error codes: facts from Apache Kafka ").append(release).append(" (Errors)\n");
        Errors[] all = Errors.values().clone();
        Arrays.sort(all, Comparator.comparingInt(Errors::code));
        for (Errors e : all) {
            boolean retriable = e.exception() instanceof RetriableException;
            sb.append(e.code()).append(' ').append(e.name()).append(' ').append(retriable ? "retriable" : "fatal").append('\n');
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, sb.toString(), StandardCharsets.UTF_8);
        System.err.printf("errors: %d codes written to %s%n", all.length, out);
        return 0;
    }

    private ErrorCodes() {
    }
}
