package org.vigie.detector;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigie.common.recordlog.LogMetadata;
import org.vigie.common.recordlog.RecordLogWriter;
import org.vigie.engine.Decision;

/**
 * The detector's record log, and where it says each partition stands. Each record names the Kafka
 * partition and offset of its value (format 2), so the log, not the group's committed offsets, is the
 * source of truth for what has been judged: a restarted detector resumes each partition after its last
 * record and never writes a value twice (docs/record-log.md).
 */
final class RecordLogSink implements Closeable {

    private final Logger logger = LoggerFactory.getLogger(RecordLogSink.class);
    private final RecordLogWriter log;

    private RecordLogSink(RecordLogWriter log) {
        this.log = log;
    }

    static RecordLogSink open(Path file, LogMetadata metadata) throws IOException {
        RecordLogSink sink = new RecordLogSink(RecordLogWriter.open(file, metadata));
        RecordLogWriter w = sink.log;
        if (w.recoveredRecords() > 0) {
            sink.logger.info("appending to {} ({} records{})", file, w.recoveredRecords(), w.cutBytes() > 0 ? ", a torn last record cut" : "");
        } else {
            sink.logger.info("writing {}", file.toAbsolutePath());
        }
        if (w.formatVersion() < 2) {
            sink.logger.warn("{} is a format {} log, whose records do not say which offsets they cover: after a crash, values judged"
                    + " since the last commit may be written twice. Start a new log for exactly-once records.", file, w.formatVersion());
        }
        return sink;
    }

    void write(ConsumerRecord<?, ?> r, long micros, double value, Decision d) throws IOException {
        log.append(micros, value, LogState.of(d.state()), r.partition(), r.offset(), (float) d.score());
    }

    /** The offset after the last of {@code tp}'s values in the log; -1 when the log holds none of them. */
    long resumeOffset(TopicPartition tp) {
        return log.nextOffset(tp.partition());
    }

    /**
     * Where {@code tp}'s state is rebuilt from so that it sees {@code values} values before {@code before}: the offset of
     * the {@code values}-th last of its values in the log before it; when the log holds fewer, {@code values} offsets
     * before the first it holds, where the run that logged that one rebuilt its own state from; -1 if it holds none.
     */
    long horizonStart(TopicPartition tp, long before, int values) throws IOException {
        org.vigie.common.recordlog.RecordLogWriter.Found f = log.lastValues(tp.partition(), before, values);
        return f.count() == 0 ? -1 : f.count() >= values ? f.firstOffset() : f.firstOffset() - values;
    }

    /** {@link #resumeOffset} of every partition the log holds values of, by partition. */
    java.util.SortedMap<Integer, Long> resumeOffsets() {
        return log.nextOffsets();
    }

    void flush() throws IOException {
        log.flush();
    }

    /** Flushes and forces the log to the device: before the offsets that cover its records are committed. */
    void force() throws IOException {
        log.force();
    }

    @Override
    public void close() throws IOException {
        log.close();
    }
}
