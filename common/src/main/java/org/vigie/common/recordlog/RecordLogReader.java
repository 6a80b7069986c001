package org.vigie.common.recordlog;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * Reads a record log: its header, any record by index, all of them in order through a {@link Cursor},
 * and, with {@link #follow}, the records a writer appends while we read. A record that does not check
 * out is a {@link RecordLogException} naming the file and byte offset; the records before it read fine.
 * One reader per thread.
 */
public final class RecordLogReader implements Closeable {

    private static final int CHUNK_RECORDS = 4096;
    /** How long a follower waits for a bad last record to be completed by its writer before calling it corrupt. */
    private static final long TORN_GRACE_NANOS = Duration.ofSeconds(1).toNanos();

    private final Path file;
    private final FileChannel channel;
    private final LogMetadata metadata;
    private final long headerLength;
    private final RecordLogFormat.Layout layout;
    private final int recordSize;

    private RecordLogReader(Path file, FileChannel channel, RecordLogFormat.Header header) {
        this.file = file;
        this.channel = channel;
        this.metadata = header.metadata();
        this.headerLength = header.length();
        this.layout = header.layout();
        this.recordSize = layout.recordSize;
    }

    public static RecordLogReader open(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return new RecordLogReader(file, ch, RecordLogFormat.readHeader(ch, file));
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    public Path file() {
        return file;
    }

    public LogMetadata metadata() {
        return metadata;
    }

    /** The log's format version (docs/record-log.md): 1, or 2 whose records name their Kafka partition and offset. */
    public int formatVersion() {
        return layout.version;
    }

    /** Complete records in the file now (a torn tail is not counted). */
    public long size() throws IOException {
        return Math.max(0, (channel.size() - headerLength) / recordSize);
    }

    /** Bytes after the last complete record: a torn write, or one in progress. */
    public long partialTailBytes() throws IOException {
        return Math.max(0, (channel.size() - headerLength) % recordSize);
    }

    /** Byte offset of record {@code index} in the file. */
    public long offsetOf(long index) {
        return headerLength + index * recordSize;
    }

    /** The record at {@code index}; an IndexOutOfBoundsException past the end. */
    public LogRecord get(long index) throws IOException {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("record " + index + " of " + size() + " in " + file);
        }
        ByteBuffer b = RecordLogFormat.readFully(channel, offsetOf(index), recordSize);
        LogRecord r = layout.getRecord(b, 0);
        if (r == null) {
            throw corrupt(index);
        }
        return r;
    }

    /**
     * A cursor on the records from {@code index} on: {@link Cursor#next} reads to the end of the file as it
     * is, {@link Cursor#poll} follows it as a writer appends (follow mode).
     */
    public Cursor cursor(long index) {
        return new Cursor(index);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private RecordLogException corrupt(long index) {
        return new RecordLogException(file, offsetOf(index), "corrupt record " + index + " (checksum mismatch)");
    }

    /** Reads records in order, a chunk at a time. */
    public final class Cursor {
        private final ByteBuffer chunk = ByteBuffer.allocate(CHUNK_RECORDS * recordSize);
        private long next;
        private long chunkFirst;
        private int chunkCount;
        private long tornSince = -1;

        private Cursor(long index) {
            if (index < 0) {
                throw new IllegalArgumentException("negative index " + index);
            }
            this.next = index;
        }

        /** Index of the record the next call returns. */
        public long position() {
            return next;
        }

        /** The next record, or null when the file holds no further complete record now. */
        public LogRecord next() throws IOException {
            return read(false);
        }

        /**
         * The next record, waiting up to {@code timeout} for a writer to append it; null if none came.
         * A bad last record is given a moment to be completed before it counts as corrupt.
         */
        public LogRecord poll(Duration timeout) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                LogRecord r = read(true);
                if (r != null) {
                    return r;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                // Polls the file size: portable, and cheap next to a writer's 100 ms flush period.
                Thread.sleep(Math.min(10, Math.max(1, left / 1_000_000)));
            }
        }

        private LogRecord read(boolean following) throws IOException {
            if (next < chunkFirst || next >= chunkFirst + chunkCount) {
                if (!fill()) {
                    return null;
                }
            }
            int at = (int) (next - chunkFirst) * recordSize;
            LogRecord r = layout.getRecord(chunk, at);
            if (r == null) {
                boolean last = next == size() - 1;
                if (following && last) {
                    long now = System.nanoTime();
                    if (tornSince < 0) {
                        tornSince = now;
                    }
                    if (now - tornSince < TORN_GRACE_NANOS) {
                        chunkCount = 0; // read it again next time: the writer may be mid-write
                        return null;
                    }
                }
                throw corrupt(next);
            }
            tornSince = -1;
            next++;
            return r;
        }

        private boolean fill() throws IOException {
            long available = size() - next;
            if (available <= 0) {
                return false;
            }
            int n = (int) Math.min(CHUNK_RECORDS, available);
            ByteBuffer b = RecordLogFormat.readFully(channel, offsetOf(next), n * recordSize);
            chunk.clear().put(b).flip();
            chunkFirst = next;
            chunkCount = n;
            return true;
        }
    }
}
