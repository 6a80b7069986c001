package org.vigie.common.recordlog;

import static org.vigie.common.recordlog.RecordLogFormat.RECORD_SIZE;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.vigie.common.State;

/**
 * Appends records to a record log. O(1) per record: records go into a buffer that is written out when
 * full, when {@link #flush()} or {@link #close()} is called, and at least every {@code flushInterval}
 * by a background timer. With {@code fsync}, every flush also forces the data to the device.
 *
 * <p>Opening an existing log checks its header, cuts a torn last record (a crash mid-write) and
 * appends after the valid ones. One writer per file: a second one, in any process, is refused.
 * Thread-safe.
 */
public final class RecordLogWriter implements Closeable, Flushable {

    /** How often buffered records reach the file, and whether each flush is forced to the device. */
    public record Options(Duration flushInterval, boolean fsync) {
        public static final Options DEFAULT = new Options(Duration.ofMillis(100), false);

        public Options {
            if (flushInterval.isNegative() || flushInterval.isZero()) {
                throw new IllegalArgumentException("flush interval must be positive: " + flushInterval);
            }
        }
    }

    private static final int BUFFER_RECORDS = 2048;
    private static final ScheduledExecutorService FLUSHER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "record-log-flusher");
        t.setDaemon(true);
        return t;
    });

    private final Path file;
    private final LogMetadata metadata;
    private final FileChannel channel;
    private final FileLock lock;
    private final boolean fsync;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_RECORDS * RECORD_SIZE);
    private final long recovered;
    private final long cutBytes;
    private final ScheduledFuture<?> timer;
    private long filePosition;
    private long count;
    private IOException backgroundFailure;
    private boolean closed;

    private RecordLogWriter(Path file, LogMetadata metadata, FileChannel channel, FileLock lock, Options options,
            long headerLength, long recovered, long cutBytes) {
        this.file = file;
        this.metadata = metadata;
        this.channel = channel;
        this.lock = lock;
        this.fsync = options.fsync();
        this.recovered = recovered;
        this.cutBytes = cutBytes;
        this.count = recovered;
        this.filePosition = headerLength + recovered * RECORD_SIZE;
        long every = options.flushInterval().toNanos();
        this.timer = FLUSHER.scheduleWithFixedDelay(this::timedFlush, every, every, TimeUnit.NANOSECONDS);
    }

    public static RecordLogWriter open(Path file, LogMetadata metadata) throws IOException {
        return open(file, metadata, Options.DEFAULT);
    }

    /**
     * Opens {@code file} for appending, creating it with {@code metadata} when it does not exist. An existing
     * log keeps its own header, which must be of the same kind, topic and algorithm.
     */
    public static RecordLogWriter open(Path file, LogMetadata metadata, Options options) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        if (!Files.exists(file)) {
            createAtomically(file, metadata);
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            FileLock lock = lock(ch, file);
            RecordLogFormat.Header header = RecordLogFormat.readHeader(ch, file);
            if (!header.metadata().sameStream(metadata)) {
                throw new RecordLogException(file, 0, "log belongs to " + header.metadata().label()
                        + ", not to " + metadata.label());
            }
            long size = ch.size();
            long valid = countValidPrefix(ch, file, header.length(), size);
            long end = header.length() + valid * RECORD_SIZE;
            if (end < size) {
                ch.truncate(end);
                ch.force(true);
            }
            return new RecordLogWriter(file, header.metadata(), ch, lock, options, header.length(), valid, size - end);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** The header of the log written to: for a reopened log, its original one. */
    public LogMetadata metadata() {
        return metadata;
    }

    public Path file() {
        return file;
    }

    /** Records in the log, buffered ones included. */
    public synchronized long size() {
        return count;
    }

    /** Valid records that were already in the file when it was opened. */
    public long recoveredRecords() {
        return recovered;
    }

    /** Bytes of a torn last record cut when the file was opened (0 for a clean log). */
    public long cutBytes() {
        return cutBytes;
    }

    public synchronized void append(long timeMicros, double value, State state) throws IOException {
        ensureOpen();
        if (!buffer.hasRemaining()) {
            writeBuffer();
        }
        RecordLogFormat.putRecord(buffer, timeMicros, value, state);
        count++;
    }

    public void append(LogRecord r) throws IOException {
        append(r.timeMicros(), r.value(), r.state());
    }

    /** Writes what is buffered to the file (and forces it to the device with {@code fsync}). */
    @Override
    public synchronized void flush() throws IOException {
        ensureOpen();
        writeBuffer();
        if (fsync) {
            channel.force(false);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        timer.cancel(false);
        try {
            writeBuffer();
            if (fsync) {
                channel.force(false);
            }
        } finally {
            closed = true;
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }

    private synchronized void timedFlush() {
        if (closed || backgroundFailure != null || buffer.position() == 0) {
            return;
        }
        try {
            flush();
        } catch (IOException e) {
            backgroundFailure = e; // reported to the owner on its next call
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException(file + ": record log is closed");
        }
        if (backgroundFailure != null) {
            throw new IOException(file + ": an earlier flush failed", backgroundFailure);
        }
    }

    private void writeBuffer() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            filePosition += channel.write(buffer, filePosition);
        }
        buffer.clear();
    }

    private static void createAtomically(Path file, LogMetadata metadata) throws IOException {
        // The header goes to a temporary file first, so a crash never leaves a log with half a header.
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ByteBuffer header = RecordLogFormat.encodeHeader(metadata);
            while (header.hasRemaining()) {
                ch.write(header);
            }
            ch.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            if (!Files.exists(file)) {
                throw e;
            }
        }
    }

    private static FileLock lock(FileChannel ch, Path file) throws IOException {
        try {
            FileLock lock = ch.tryLock();
            if (lock != null) {
                return lock;
            }
        } catch (OverlappingFileLockException e) {
            // held by this JVM: same answer
        }
        throw new IOException(file + ": record log is already open for writing by another writer");
    }

    /**
     * Counts the valid records from the start. A bad record is acceptable only as the last one (a torn
     * write); anywhere else the log is corrupt and is not touched.
     */
    private static long countValidPrefix(FileChannel ch, Path file, long start, long size) throws IOException {
        long full = (size - start) / RECORD_SIZE;
        long index = 0;
        while (index < full) {
            int n = (int) Math.min(4096, full - index);
            ByteBuffer chunk = RecordLogFormat.readFully(ch, start + index * RECORD_SIZE, n * RECORD_SIZE);
            for (int i = 0; i < n; i++, index++) {
                if (RecordLogFormat.getRecord(chunk, i * RECORD_SIZE) == null) {
                    if (index == full - 1) {
                        return index;
                    }
                    throw new RecordLogException(file, start + index * RECORD_SIZE,
                            "corrupt record " + index + " (checksum mismatch) before the end of the log; not appending to it");
                }
            }
        }
        return full;
    }
}
