package org.vigie.common.recordlog;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
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
 * appends after the valid ones, in the log's own format version. Records that name their Kafka source
 * (format 2) tell where each partition stands: {@link #nextOffset(int)}, the log being the source of truth
 * for it. One writer per file: a second one, in any process, is refused. Thread-safe.
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
    private final Object key; // the file's identity among the logs this JVM writes
    private final boolean fsync;
    private final RecordLogFormat.Layout layout;
    private final ByteBuffer buffer;
    /** Per partition, one past the highest offset of its records in the log (buffered ones included, with the pending one below); -1 for none. */
    // A map, not an array indexed by partition: a log is data, and a record naming partition 2^31 - 1 must
    // not size anything (Kafka's partitions are few, and numbered from 0).
    private java.util.Map<Integer, Long> nextOffsets;
    // The last appended record's partition and next offset, not yet in nextOffsets: a consumer's records come a batch
    // of one partition at a time, and the map (a boxed entry per record) is updated when the partition changes.
    private int pendingPartition = -1;
    private long pendingNext;
    private final long recovered;
    private final long cutBytes;
    private final ScheduledFuture<?> timer;
    private long filePosition;
    private final long headerLength;
    private long count;
    private IOException backgroundFailure;
    private boolean closed;

    private RecordLogWriter(Path file, RecordLogFormat.Header header, FileChannel channel, FileLock lock, Options options,
            Scan scan, long cutBytes, Object key) {
        this.file = file;
        this.metadata = header.metadata();
        this.layout = header.layout();
        this.buffer = ByteBuffer.allocateDirect(BUFFER_RECORDS * layout.recordSize);
        this.nextOffsets = scan.nextOffsets();
        long recovered = scan.valid();
        long headerLength = header.length();
        this.channel = channel;
        this.lock = lock;
        this.key = key;
        this.fsync = options.fsync();
        this.recovered = recovered;
        this.cutBytes = cutBytes;
        this.count = recovered;
        this.headerLength = headerLength;
        this.filePosition = headerLength + recovered * layout.recordSize;
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
        // Within one JVM the file lock is not enough: on Linux, closing any channel of a file drops every lock
        // the process holds on it, so a second writer here that opened a channel only to be refused would
        // free the file for a third. Writers of this JVM are told apart first, by the file's identity.
        Object key = identity(file);
        if (!OPEN_HERE.add(key)) {
            throw alreadyOpen(file);
        }
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException | RuntimeException e) {
            OPEN_HERE.remove(key);
            throw e;
        }
        try {
            FileLock lock = lock(ch, file);
            RecordLogFormat.Header header = RecordLogFormat.readHeader(ch, file);
            if (!header.metadata().sameStream(metadata)) {
                throw new RecordLogException(file, 0, "log belongs to " + header.metadata().label()
                        + ", not to " + metadata.label());
            }
            long size = ch.size();
            Scan scan = scanValidPrefix(ch, file, header, size);
            long end = header.length() + scan.valid() * header.layout().recordSize;
            if (end < size) {
                ch.truncate(end);
                ch.force(true);
            }
            return new RecordLogWriter(file, header, ch, lock, options, scan, size - end, key);
        } catch (IOException | RuntimeException e) {
            ch.close();
            OPEN_HERE.remove(key);
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

    /** The log's format version: 2 for a new log, 1 for an older log appended to (its records name no Kafka source). */
    public int formatVersion() {
        return layout.version;
    }

    /**
     * One past the highest Kafka offset of {@code partition} among the log's records, or -1 when the log
     * has none (or is of format 1, whose records do not say).
     */
    public synchronized long nextOffset(int partition) {
        settleOffsets();
        return nextOffsets.getOrDefault(partition, -1L);
    }

    /** {@link #nextOffset(int)} of every partition the log holds values of, by partition. */
    public synchronized java.util.SortedMap<Integer, Long> nextOffsets() {
        settleOffsets();
        return new java.util.TreeMap<>(nextOffsets);
    }

    /** Valid records that were already in the file when it was opened. */
    public long recoveredRecords() {
        return recovered;
    }

    /** Bytes of a torn last record cut when the file was opened (0 for a clean log). */
    public long cutBytes() {
        return cutBytes;
    }

    /** Appends a record that names no Kafka source (a reference log's, a replay's). */
    public void append(long timeMicros, double value, State state) throws IOException {
        append(timeMicros, value, state, LogRecord.NO_PARTITION, LogRecord.NO_OFFSET, Float.NaN);
    }

    /** Appends a consumed value's record: where it came from and its calibrated score too (format 1 logs keep neither). */
    public synchronized void append(long timeMicros, double value, State state, int partition, long offset, float score) throws IOException {
        ensureOpen();
        if (!buffer.hasRemaining()) {
            writeBuffer();
        }
        layout.putRecord(buffer, timeMicros, value, state, partition, offset, score);
        count++;
        if (partition >= 0 && offset >= 0 && offset < Long.MAX_VALUE && layout.hasSource()) {
            if (partition != pendingPartition) {
                settleOffsets();
                pendingPartition = partition;
                pendingNext = offset + 1;
            } else {
                pendingNext = Math.max(pendingNext, offset + 1);
            }
        }
    }

    private void settleOffsets() {
        if (pendingPartition >= 0) {
            nextOffsets.merge(pendingPartition, pendingNext, Math::max); // its offsets checked when appended
            pendingPartition = -1;
        }
    }

    public void append(LogRecord r) throws IOException {
        append(r.timeMicros(), r.value(), r.state(), r.partition(), r.offset(), r.score());
    }

    /** Notes a record of {@code partition} at {@code offset}; a negative partition (a crafted record) names no source. */
    private static void advance(java.util.Map<Integer, Long> next, int partition, long offset) {
        if (partition >= 0 && offset >= 0 && offset < Long.MAX_VALUE) {
            next.merge(partition, offset + 1, Math::max);
        }
    }

    /** Records read at a time by {@link #lastValues}, from the end back. */
    private static final int SCAN_BACK_RECORDS = 4096;

    /**
     * What {@link #lastValues} found: the offset of the earliest record it counted (-1 if none) and how many it counted.
     */
    public record Found(long firstOffset, long count) {}

    /**
     * The last {@code values} of {@code partition}'s records whose offset lies before {@code before}, read back from the
     * log's end: the earliest one's offset, and how many were found (fewer when the log holds fewer; none when it holds
     * none). What a restarted detector rebuilds its state from: a horizon counted in values, which offsets that hold no
     * value (a transaction's marker, a record that is not a number) do not shorten. Partitions interleave in the log: the
     * reading stops early only after four horizons' worth of records per partition without one of {@code partition}'s
     * (a long log that holds little of it is not read whole). Reads through the writer's own channel: a second channel on
     * the file, once closed, would drop this JVM's lock on it.
     */
    public synchronized Found lastValues(int partition, long before, long values) throws IOException {
        ensureOpen();
        writeBuffer();
        settleOffsets();
        if (!nextOffsets.containsKey(partition) || values <= 0) {
            return new Found(-1, 0);
        }
        int size = layout.recordSize;
        long found = 0;
        long first = -1;
        long patience = values * Math.max(1, nextOffsets.size()) * 4;
        long sinceFound = 0;
        for (long end = count; end > 0 && found < values && sinceFound <= patience; ) {
            int n = (int) Math.min(SCAN_BACK_RECORDS, end);
            long start = end - n;
            ByteBuffer b = RecordLogFormat.readFully(channel, headerLength + start * size, n * size);
            for (int i = n - 1; i >= 0 && found < values; i--) {
                LogRecord r = layout.getRecord(b, i * size);
                if (r == null) {
                    throw new RecordLogException(file, headerLength + (start + i) * size, "corrupt record " + (start + i) + " (checksum mismatch)");
                }
                if (r.partition() == partition && r.offset() >= 0 && r.offset() < before) {
                    found++;
                    first = r.offset();
                    sinceFound = 0;
                } else {
                    sinceFound++;
                }
            }
            end = start;
        }
        return new Found(first, found);
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

    /**
     * Writes what is buffered and forces the file to the device, whatever {@code fsync} says: what a caller is
     * about to declare done elsewhere (a Kafka offset committed) must survive a power cut first.
     */
    public synchronized void force() throws IOException {
        ensureOpen();
        writeBuffer();
        channel.force(false);
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        timer.cancel(false);
        try {
            if (backgroundFailure != null) {
                return; // a write failed: what is left in the buffer is not written after it (the finally closes the file)
            }
            writeBuffer();
            if (fsync) {
                channel.force(false);
            }
        } finally {
            closed = true;
            try {
                lock.release();
            } finally {
                try {
                    channel.close();
                } finally {
                    OPEN_HERE.remove(key);
                }
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
        try {
            while (buffer.hasRemaining()) {
                filePosition += channel.write(buffer, filePosition);
            }
        } catch (IOException e) {
            // Part of the buffer may be in the file: writing it again would put records twice, or one astride another.
            // Every later call fails with this instead (ensureOpen), and close() writes nothing more.
            backgroundFailure = e;
            throw e;
        }
        buffer.clear();
    }

    private static void createAtomically(Path file, LogMetadata metadata) throws IOException {
        // The header goes to a temporary file first, so a crash never leaves a log with half a header.
        // Made as any new file is (0666 less the umask: readable by a web server or another user where files
        // are), not as a temporary file (0600), since it becomes the log.
        Path tmp = file.toAbsolutePath().resolveSibling(file.getFileName() + "." + Long.toUnsignedString(java.util.concurrent.ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer header = RecordLogFormat.encodeHeader(metadata, RecordLogFormat.Layout.CURRENT);
            while (header.hasRemaining()) {
                ch.write(header);
            }
            ch.force(true);
        }
        // Then linked to its name, which fails if the name exists: of two writers creating one new log at the
        // same moment, one creates it and the other opens it (a rename would replace the first one's file).
        try {
            Files.createLink(file, tmp);
        } catch (FileAlreadyExistsException e) {
            // another writer created it first: open that one
        } catch (UnsupportedOperationException | IOException e) {
            // no hard links here (some Windows or network folders): a move that does not replace
            try {
                Files.move(tmp, file);
            } catch (FileAlreadyExistsException e2) {
                // created meanwhile by another writer
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        forceFolder(file.toAbsolutePath().getParent());
    }

    /**
     * Forces a folder's entries to the device, so that a new log's name survives a power cut as its records do
     * (ext4 orders it anyway; XFS and btrfs need it). Where a folder cannot be opened (Windows), nothing to do.
     */
    private static void forceFolder(Path folder) {
        if (folder == null) {
            return;
        }
        try (FileChannel dir = FileChannel.open(folder, java.nio.file.StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not a thing this system does: its own guarantees stand
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
        throw alreadyOpen(file);
    }

    private static RecordLogException alreadyOpen(Path file) {
        return new RecordLogException(file, "already open for writing by another writer (another program writing the same log?)");
    }

    /** The files this JVM's writers have open, by identity (inode where the file system has one, else real path). */
    private static final java.util.Set<Object> OPEN_HERE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private static Object identity(Path file) throws IOException {
        Object key = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        return key != null ? key : file.toRealPath();
    }

    /** What opening a log learns from its records: how many are valid, and where each partition stands. */
    private record Scan(long valid, java.util.Map<Integer, Long> nextOffsets) {}

    /**
     * Counts the valid records from the start, noting each partition's highest offset. A bad record is
     * acceptable only as the last one (a torn write); anywhere else the log is corrupt and is not touched.
     */
    private static Scan scanValidPrefix(FileChannel ch, Path file, RecordLogFormat.Header header, long size) throws IOException {
        RecordLogFormat.Layout layout = header.layout();
        int recordSize = layout.recordSize;
        long start = header.length();
        long full = (size - start) / recordSize;
        java.util.Map<Integer, Long> next = new java.util.HashMap<>();
        long index = 0;
        while (index < full) {
            int n = (int) Math.min(4096, full - index);
            ByteBuffer chunk = RecordLogFormat.readFully(ch, start + index * recordSize, n * recordSize);
            for (int i = 0; i < n; i++, index++) {
                LogRecord r = layout.getRecord(chunk, i * recordSize);
                if (r == null) {
                    if (index == full - 1) {
                        return new Scan(index, next);
                    }
                    throw new RecordLogException(file, start + index * recordSize,
                            "corrupt record " + index + " (checksum mismatch) before the end of the log; not appending to it");
                }
                if (r.hasSource()) {
                    advance(next, r.partition(), r.offset());
                }
            }
        }
        return new Scan(full, next);
    }
}
