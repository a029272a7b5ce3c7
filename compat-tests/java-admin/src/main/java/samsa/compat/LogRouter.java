package samsa.compat;

import java.io.IOException;
import java.io.OutputStream;

/**
 * An output stream that forwards to a target that can be switched: System.err is one of
 * these, so what the Kafka clients log while a scenario runs lands in that scenario's log.
 */
final class LogRouter extends OutputStream {
    private volatile OutputStream target;

    LogRouter(OutputStream target) {
        this.target = target;
    }

    void target(OutputStream t) {
        target = t;
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
