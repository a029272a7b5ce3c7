package samsa.javatools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * The "batches" and "read-batches" subcommands: v2 record batches built with Kafka's
 * MemoryRecords builder, and Kafka's view of a file of concatenated batches.
 */
final class Batches {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Base64.Encoder B64 = Base64.getEncoder();
    /** Offset of the int16 attributes in a v2 batch header. */
    private static final int ATTRIBUTES_OFFSET = 21;
    private static final long BASE_TIME = 1_700_000_000_000L;

    /** Thrown when Kafka finds a batch invalid. */
    static final class InvalidBatchException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidBatchException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    // ---- writing ----

    static int write(Path outDir) throws Exception {
        Files.createDirectories(outDir);
        for (CompressionType type : CompressionType.values()) {
            ByteBuffer all = build(type, new RandomValues(MessageGoldens.Seeds.of("batches/" + type.name, 2, 0, 0)));
            byte[] bytes = new byte[all.remaining()];
            all.get(bytes);
            Files.write(outDir.resolve("java_" + type.name + ".bin"), bytes);
            ArrayNode desc = describe(ByteBuffer.wrap(bytes));
            Files.writeString(outDir.resolve("java_" + type.name + ".json"), MAPPER.writeValueAsString(desc) + "\n", StandardCharsets.UTF_8);
            System.err.printf("batches: java_%s.bin: %d batches, %d bytes%n", type.name, desc.size(), bytes.length);
        }
        return 0;
    }

    /**
     * The batches of one file, at consecutive offsets as in one partition's log. The first
     * three are as a producer sends them: a plain batch, an idempotent one and a
     * transactional one. The fourth is as a broker may store one: log-append time and offset
     * gaps (as after compaction). The uncompressed file ends with the transaction's COMMIT
     * marker.
     */
    static ByteBuffer build(CompressionType type, RandomValues r) {
        Compression compression = Compression.of(type).build();
        List<ByteBuffer> parts = new ArrayList<>();
        long offset = 0;
        long producerId = 4000 + r.below(1000);
        short epoch = (short) (1 + r.below(5));

        // 1: no producer id, leader epoch unknown.
        MemoryRecordsBuilder b = MemoryRecords.builder(ByteBuffer.allocate(1024), RecordBatch.MAGIC_VALUE_V2, compression,
            TimestampType.CREATE_TIME, offset, RecordBatch.NO_TIMESTAMP, RecordBatch.NO_PRODUCER_ID,
            RecordBatch.NO_PRODUCER_EPOCH, RecordBatch.NO_SEQUENCE, false, RecordBatch.NO_PARTITION_LEADER_EPOCH);
        offset = appendRecords(b, r, offset, BASE_TIME, false);
        parts.add(b.build().buffer());

        // 2: idempotent producer.
        b = MemoryRecords.builder(ByteBuffer.allocate(1024), RecordBatch.MAGIC_VALUE_V2, compression,
            TimestampType.CREATE_TIME, offset, RecordBatch.NO_TIMESTAMP, producerId + 1, (short) 0, 17, false, 3);
        offset = appendRecords(b, r, offset, BASE_TIME + 60_000, false);
        parts.add(b.build().buffer());

        // 3: transactional producer.
        b = MemoryRecords.builder(ByteBuffer.allocate(1024), RecordBatch.MAGIC_VALUE_V2, compression,
            TimestampType.CREATE_TIME, offset, RecordBatch.NO_TIMESTAMP, producerId, epoch, 0, true, 3);
        offset = appendRecords(b, r, offset, BASE_TIME + 120_000, false);
        parts.add(b.build().buffer());

        // 4: log-append time and offset gaps, as a broker may store a batch.
        b = MemoryRecords.builder(ByteBuffer.allocate(1024), RecordBatch.MAGIC_VALUE_V2, compression,
            TimestampType.LOG_APPEND_TIME, offset, BASE_TIME + 200_000, RecordBatch.NO_PRODUCER_ID,
            RecordBatch.NO_PRODUCER_EPOCH, RecordBatch.NO_SEQUENCE, false, 4);
        offset = appendRecords(b, r, offset, BASE_TIME + 180_000, true);
        parts.add(b.build().buffer());

        // 5: the transaction's commit marker (control batches are never compressed).
        if (type == CompressionType.NONE) {
            parts.add(MemoryRecords.withEndTransactionMarker(offset, BASE_TIME + 240_000, 4, producerId, epoch,
                new EndTransactionMarker(ControlRecordType.COMMIT, 11)).buffer());
        }

        int size = parts.stream().mapToInt(ByteBuffer::remaining).sum();
        ByteBuffer all = ByteBuffer.allocate(size);
        for (ByteBuffer p : parts) all.put(p.duplicate());
        return all.flip();
    }

    /** Appends 1-50 records; returns the next free offset. */
    private static long appendRecords(MemoryRecordsBuilder b, RandomValues r, long offset, long time, boolean gaps) {
        int n = 1 + r.below(50);
        for (int i = 0; i < n; i++) {
            if (gaps && i > 0 && r.chance(4)) offset += 1 + r.below(5);
            long ts = time + r.below(5000) - 500;
            byte[] key = r.chance(4) ? null : (r.chance(2) ? ("key-" + r.below(1000)).getBytes(StandardCharsets.UTF_8) : r.bytes(16));
            byte[] value = r.chance(6) ? null : value(r);
            Header[] headers = new Header[r.below(4)];
            for (int h = 0; h < headers.length; h++) {
                headers[h] = new RecordHeader(r.string(), r.chance(4) ? null : r.bytes(12));
            }
            b.appendWithOffset(offset, ts, key, value, headers);
            offset++;
        }
        return offset;
    }

    /** Record values: compressible text half the time, else random bytes. */
    private static byte[] value(RandomValues r) {
        if (r.chance(2)) return r.bytes(200);
        String[] words = {"samsa", "kafka", "broker", "topic", "partition", "offset", "record", "batch"};
        StringBuilder sb = new StringBuilder();
        int n = r.below(40);
        for (int i = 0; i < n; i++) sb.append(words[r.below(words.length)]).append(' ');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    // ---- reading ----

    /** Exit status: 0 all valid, 1 Kafka found a batch invalid, 2 the file cannot be read. */
    static int read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = file.toString().equals("-") ? System.in.readAllBytes() : Files.readAllBytes(file);
        } catch (IOException e) {
            System.err.println("read-batches: cannot read " + file + ": " + e);
            return 2;
        }
        try {
            ArrayNode desc = describe(ByteBuffer.wrap(bytes));
            System.out.println(MAPPER.writeValueAsString(desc));
            return 0;
        } catch (InvalidBatchException e) {
            System.err.println("read-batches: " + file + ": " + e.getMessage());
            return 1;
        }
    }

    /** Kafka's view of concatenated v2 batches; every batch must pass Kafka's checks. */
    static ArrayNode describe(ByteBuffer buf) throws InvalidBatchException {
        ArrayNode out = MAPPER.createArrayNode();
        int pos = 0;
        int index = 0;
        try {
            for (MutableRecordBatch batch : MemoryRecords.readableRecords(buf.duplicate()).batches()) {
                String where = "batch " + index + " at byte " + pos;
                if (batch.magic() != RecordBatch.MAGIC_VALUE_V2) {
                    throw new InvalidBatchException(where + ": magic " + batch.magic() + ", not 2", null);
                }
                try {
                    batch.ensureValid();
                    out.add(describe((DefaultRecordBatch) batch, buf.getShort(buf.position() + pos + ATTRIBUTES_OFFSET)));
                } catch (RuntimeException e) {
                    throw new InvalidBatchException(where + ": " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
                }
                pos += batch.sizeInBytes();
                index++;
            }
        } catch (RuntimeException e) {
            throw new InvalidBatchException("batch " + index + " at byte " + pos + ": " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
        if (pos != buf.remaining()) {
            throw new InvalidBatchException((buf.remaining() - pos) + " bytes after batch " + (index - 1) + " are not a whole batch", null);
        }
        return out;
    }

    private static ObjectNode describe(DefaultRecordBatch batch, short attributes) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("baseOffset", batch.baseOffset());
        n.put("partitionLeaderEpoch", batch.partitionLeaderEpoch());
        n.put("magic", batch.magic());
        n.put("crc", batch.checksum());
        n.put("attributes", attributes);
        n.put("lastOffsetDelta", (int) (batch.lastOffset() - batch.baseOffset()));
        n.put("baseTimestamp", batch.baseTimestamp());
        n.put("maxTimestamp", batch.maxTimestamp());
        n.put("producerId", batch.producerId());
        n.put("producerEpoch", batch.producerEpoch());
        n.put("baseSequence", batch.baseSequence());
        n.put("isControl", batch.isControlBatch());
        n.put("isTransactional", batch.isTransactional());
        n.put("compression", batch.compressionType().name);
        ArrayNode records = n.putArray("records");
        for (Record rec : batch) {
            rec.ensureValid();
            ObjectNode r = records.addObject();
            r.put("offset", rec.offset());
            r.put("timestamp", rec.timestamp());
            r.put("key", rec.hasKey() ? base64(rec.key()) : null);
            r.put("value", rec.hasValue() ? base64(rec.value()) : null);
            ArrayNode headers = r.putArray("headers");
            for (Header h : rec.headers()) {
                ObjectNode hn = headers.addObject();
                hn.put("key", h.key());
                hn.put("value", h.value() == null ? null : B64.encodeToString(h.value()));
            }
        }
        Integer count = batch.countOrNull();
        if (count != null && count != records.size()) {
            throw new IllegalStateException("batch declares " + count + " records, holds " + records.size());
        }
        return n;
    }

    private static String base64(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] bytes = new byte[d.remaining()];
        d.get(bytes);
        return B64.encodeToString(bytes);
    }

    private Batches() {
    }
}
