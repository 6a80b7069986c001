package org.vigie.common.recordlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.common.State;

class RecordLogTest {

    private static final LogMetadata META = LogMetadata.detector("humidite", "dbscan", 20, Map.of("minPts", "3"));

    @TempDir
    Path dir;

    private static LogRecord record(int i) {
        State[] states = {State.INITIALISING, State.NORMAL, State.ANOMALY};
        return new LogRecord(1_700_000_000_000_000L + i * 1234L, 40 + i * 0.25, states[i % 3], i % 3, 1000 + i / 3, i * 0.001f);
    }

    private Path writeLog(int n) throws IOException {
        Path file = dir.resolve("h.vlog");
        try (RecordLogWriter w = RecordLogWriter.open(file, META)) {
            for (int i = 0; i < n; i++) {
                w.append(record(i));
            }
        }
        return file;
    }

    private static List<LogRecord> readAll(Path file) throws IOException {
        try (RecordLogReader r = RecordLogReader.open(file)) {
            List<LogRecord> out = new ArrayList<>();
            RecordLogReader.Cursor c = r.cursor(0);
            for (LogRecord rec; (rec = c.next()) != null; ) {
                out.add(rec);
            }
            return out;
        }
    }

    /**
     * Issue 29: where a restarted detector's horizon of N values begins, read back from its log: the N-th last record
     * of the partition before the resume point, whatever other partitions interleave (10,000 records, beyond one
     * chunk read back), and a partition a thousand times rarer than another; all there are when the log holds fewer;
     * none for a partition the log never held.
     */
    @Test
    void theNthLastRecordOfAPartitionBeforeAnOffsetIsFoundReadingBack() throws Exception {
        try (RecordLogWriter w = RecordLogWriter.open(dir.resolve("h.vlog"), META)) {
            for (long o = 0; o < 10_000; o++) {
                w.append(o, 1.0, State.NORMAL, (int) (o % 3), 10 * o, 0.5f); // partition o % 3, offsets 10 apart
            }
            // Partition 1's offsets are 10, 40, 70, ..., 99,880: the 5 last before 99,900 are 99,880 back to 99,760.
            assertEquals(new RecordLogWriter.Found(99_760, 5), w.lastValues(1, 99_900, 5));
            assertEquals(new RecordLogWriter.Found(39_910, 2_000), w.lastValues(1, 99_900, 2_000), "the 2,000th last, 6,000 records back");
            assertEquals(new RecordLogWriter.Found(10, 3_330), w.lastValues(1, 99_900, 5_000), "fewer than asked: all there are, from the first");
            assertEquals(new RecordLogWriter.Found(-1, 0), w.lastValues(7, 99_900, 5), "a partition the log never held");
            assertEquals(new RecordLogWriter.Found(-1, 0), w.lastValues(1, 10, 5_000), "none before the offset");
            // A partition with one record in a thousand is still read back whole for a horizon of 300, not given up after
            // a window of the log.
            for (long o = 0; o < 30_000; o++) {
                w.append(o, 1.0, State.NORMAL, o % 1_000 == 0 ? 5 : 4, o, 0.5f);
            }
            assertEquals(new RecordLogWriter.Found(0, 30), w.lastValues(5, 30_000, 300));
        }
    }

    @Test
    void roundTripKeepsHeaderAndEveryRecordInOrder() throws IOException {
        Path file = writeLog(10_000); // several writer buffers and reader chunks
        try (RecordLogReader r = RecordLogReader.open(file)) {
            assertEquals(META.entries(), r.metadata().entries());
            assertEquals(LogMetadata.Kind.DETECTOR, r.metadata().kind());
            assertEquals(10_000, r.size());
            assertEquals(record(7777), r.get(7777));
            assertEquals(record(0), r.get(0));
            assertThrows(IndexOutOfBoundsException.class, () -> r.get(10_000));
        }
        List<LogRecord> all = readAll(file);
        assertEquals(10_000, all.size());
        for (int i = 0; i < all.size(); i++) {
            assertEquals(record(i), all.get(i));
        }
    }

    /** Issue 20, item 9: a log is made as any new file is here (not 0600), so a web server or another user may read it. */
    @Test
    void aNewLogHasANewFilesPermissions() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions only");
        Path log = writeLog(1);
        Path plain = Files.createFile(dir.resolve("plain"));
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(log));
        try (var listing = Files.list(dir)) {
            assertTrue(listing.noneMatch(f -> f.toString().endsWith(".tmp")), "no temporary file left");
        }
    }

    @Test
    void specialValuesRoundTrip() throws IOException {
        Path file = dir.resolve("r.vlog");
        try (RecordLogWriter w = RecordLogWriter.open(file, LogMetadata.reference("t"))) {
            w.append(-5, -0.0, State.REFERENCE);
            w.append(Long.MAX_VALUE, Double.MIN_VALUE, State.REFERENCE);
        }
        List<LogRecord> all = readAll(file);
        assertEquals(new LogRecord(-5, -0.0, State.REFERENCE), all.get(0));
        assertEquals(new LogRecord(Long.MAX_VALUE, Double.MIN_VALUE, State.REFERENCE), all.get(1));
    }

    @Test
    void reopeningAppendsAfterExistingRecords() throws IOException {
        Path file = writeLog(5);
        try (RecordLogWriter w = RecordLogWriter.open(file, META)) {
            assertEquals(5, w.recoveredRecords());
            assertEquals(0, w.cutBytes());
            w.append(record(5));
        }
        assertEquals(List.of(record(0), record(1), record(2), record(3), record(4), record(5)), readAll(file));
    }

    @Test
    void tornLastRecordIsCutAtEveryByteOffset() throws IOException {
        Path file = writeLog(4);
        byte[] whole = Files.readAllBytes(file);
        int recordSize = RecordLogFormat.Layout.CURRENT.recordSize;
        for (int keep = 0; keep < recordSize; keep++) {
            Files.write(file, java.util.Arrays.copyOf(whole, whole.length - recordSize + keep));
            try (RecordLogReader r = RecordLogReader.open(file)) {
                assertEquals(3, r.size(), "cut at byte " + keep);
                assertEquals(keep, r.partialTailBytes());
            }
            try (RecordLogWriter w = RecordLogWriter.open(file, META)) {
                assertEquals(3, w.recoveredRecords(), "cut at byte " + keep);
                assertEquals(keep, w.cutBytes());
                w.append(record(99));
            }
            assertEquals(List.of(record(0), record(1), record(2), record(99)), readAll(file), "cut at byte " + keep);
        }
    }

    @Test
    void garbledLastRecordIsCutOnReopen() throws IOException {
        Path file = writeLog(4);
        long size = Files.size(file);
        flipBit(file, size - 10, 3);
        try (RecordLogWriter w = RecordLogWriter.open(file, META)) {
            assertEquals(3, w.recoveredRecords());
            assertEquals(RecordLogFormat.Layout.CURRENT.recordSize, w.cutBytes());
        }
    }

    @Test
    void everyFlippedBitIsDetected() throws IOException {
        Path file = writeLog(3);
        byte[] original = Files.readAllBytes(file);
        for (long offset = 0; offset < original.length; offset++) {
            for (int bit = 0; bit < 8; bit++) {
                Files.write(file, original);
                flipBit(file, offset, bit);
                long at = offset;
                RecordLogException e = assertThrows(RecordLogException.class, () -> readAll(file),
                        "flip of bit " + bit + " at byte " + at + " went unnoticed");
                assertEquals(file, e.file());
                assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("byte offset"), e.getMessage());
            }
        }
    }

    @Test
    void corruptRecordNamesItsOffsetAndEarlierRecordsStayReadable() throws IOException {
        Path file = writeLog(10);
        long offset;
        try (RecordLogReader r = RecordLogReader.open(file)) {
            offset = r.offsetOf(6);
        }
        flipBit(file, offset + 9, 0); // inside record 6's value
        try (RecordLogReader r = RecordLogReader.open(file)) {
            RecordLogReader.Cursor c = r.cursor(0);
            for (int i = 0; i < 6; i++) {
                assertEquals(record(i), c.next());
            }
            RecordLogException e = assertThrows(RecordLogException.class, c::next);
            assertEquals(offset, e.offset());
            assertTrue(e.getMessage().contains("byte offset " + offset), e.getMessage());
            assertEquals(record(7), r.get(7));
        }
        // A writer refuses to append to a log corrupt before its end: that data is the user's to inspect.
        assertThrows(RecordLogException.class, () -> RecordLogWriter.open(file, META).close());
    }

    @Test
    void filesThatAreNotRecordLogsAreClearErrors() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.vlog"));
        assertTrue(assertThrows(RecordLogException.class, () -> RecordLogReader.open(empty)).getMessage().contains("empty file"));
        Path csv = Files.writeString(dir.resolve("data.csv"), "timestamp,value\n2014-04-01 00:00:00,20.5\n");
        assertTrue(assertThrows(RecordLogException.class, () -> RecordLogReader.open(csv)).getMessage().contains("not a record log"));
        assertThrows(java.nio.file.NoSuchFileException.class, () -> RecordLogReader.open(dir.resolve("missing.vlog")));
    }

    @Test
    void reopeningForAnotherStreamIsRefused() throws IOException {
        Path file = writeLog(1);
        LogMetadata other = LogMetadata.detector("humidite", "iforest", 20, Map.of());
        RecordLogException e = assertThrows(RecordLogException.class, () -> RecordLogWriter.open(file, other));
        assertTrue(e.getMessage().contains("humidite/dbscan"), e.getMessage());
    }

    @Test
    void secondWriterOnTheSameFileIsRefused() throws IOException {
        Path file = dir.resolve("h.vlog");
        try (RecordLogWriter w = RecordLogWriter.open(file, META)) {
            IOException e = assertThrows(IOException.class, () -> RecordLogWriter.open(file, META));
            assertTrue(e.getMessage().contains("already open"), e.getMessage());
        }
    }

    @Test
    void timedFlushMakesRecordsVisibleWithoutClose() throws Exception {
        Path file = dir.resolve("h.vlog");
        try (RecordLogWriter w = RecordLogWriter.open(file, META, new RecordLogWriter.Options(Duration.ofMillis(20), false));
                RecordLogReader r = RecordLogReader.open(file)) {
            w.append(record(0));
            assertEquals(record(0), r.cursor(0).poll(Duration.ofSeconds(10)));
        }
    }

    @Test
    void followModeSeesRecordsWrittenAfterItOpened() throws Exception {
        Path file = dir.resolve("h.vlog");
        try (RecordLogWriter w = RecordLogWriter.open(file, META, new RecordLogWriter.Options(Duration.ofMillis(10), true));
                RecordLogReader r = RecordLogReader.open(file)) {
            RecordLogReader.Cursor follow = r.cursor(0);
            assertNull(follow.next());
            CompletableFuture<List<LogRecord>> seen = CompletableFuture.supplyAsync(() -> {
                List<LogRecord> got = new ArrayList<>();
                try {
                    while (got.size() < 5000) {
                        LogRecord rec = follow.poll(Duration.ofSeconds(10));
                        if (rec == null) {
                            break;
                        }
                        got.add(rec);
                    }
                } catch (IOException | InterruptedException e) {
                    throw new RuntimeException(e);
                }
                return got;
            });
            for (int i = 0; i < 5000; i++) {
                w.append(record(i));
                if (i % 500 == 0) {
                    w.flush();
                }
            }
            w.flush();
            List<LogRecord> got = seen.get(30, TimeUnit.SECONDS);
            assertEquals(5000, got.size());
            for (int i = 0; i < got.size(); i++) {
                assertEquals(record(i), got.get(i));
            }
        }
    }

    /** Given a log written in format 1 (before records named their Kafka source), it reads, and appending keeps format 1. */
    @Test
    void formatOneLogsStillReadAndGrowInTheirOwnFormat() throws IOException {
        Path file = dir.resolve("old.vlog");
        RecordLogFormat.Layout v1 = RecordLogFormat.Layout.V1;
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4096);
        b.put(RecordLogFormat.encodeHeader(META, v1));
        v1.putRecord(b, 5L, 41.5, State.NORMAL, 0, 0, Float.NaN);
        v1.putRecord(b, 6L, 99.0, State.ANOMALY, 0, 0, Float.NaN);
        Files.write(file, java.util.Arrays.copyOf(b.array(), b.position()));
        try (RecordLogWriter w = RecordLogWriter.open(file, META)) {
            assertEquals(1, w.formatVersion());
            assertEquals(2, w.recoveredRecords());
            assertEquals(-1, w.nextOffset(0), "format 1 records name no offset");
            w.append(record(1));
        }
        try (RecordLogReader r = RecordLogReader.open(file)) {
            assertEquals(1, r.formatVersion());
        }
        assertEquals(List.of(new LogRecord(5L, 41.5, State.NORMAL), new LogRecord(6L, 99.0, State.ANOMALY),
                new LogRecord(record(1).timeMicros(), record(1).value(), record(1).state())), readAll(file));
    }

    /** Given records of three partitions, the log says where each stands, buffered records included and after reopening. */
    @Test
    void theLogKnowsEachPartitionsNextOffset() throws IOException {
        Path file = dir.resolve("p.vlog");
        try (RecordLogWriter w = RecordLogWriter.open(file, META)) {
            assertEquals(2, w.formatVersion());
            w.append(new LogRecord(1, 1, State.NORMAL, 0, 7, 0.5f));
            w.append(new LogRecord(2, 2, State.NORMAL, 2, 41, 0.5f));
            w.append(new LogRecord(3, 3, State.NORMAL, 0, 8, 0.5f));
            assertEquals(9, w.nextOffset(0));
            assertEquals(-1, w.nextOffset(1));
            assertEquals(42, w.nextOffset(2));
            w.append(new LogRecord(4, 4, State.NORMAL, 70, 3, 0.5f)); // past the table's first size
            assertEquals(4, w.nextOffset(70));
        }
        try (RecordLogWriter w = RecordLogWriter.open(file, META)) {
            assertEquals(9, w.nextOffset(0));
            assertEquals(-1, w.nextOffset(1));
            assertEquals(42, w.nextOffset(2));
            assertEquals(4, w.nextOffset(70));
        }
    }

    private static void flipBit(Path file, long offset, int bit) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(offset);
            int b = f.read();
            f.seek(offset);
            f.write(b ^ (1 << bit));
        }
    }

    /**
     * A log's partition field is data (issue 19, item 7): records naming partition -7, 2^28 and 2^31 - 1 are
     * reopened for appending without an exception or an array sized by them, and each partition's offset stands.
     */
    @Test
    void aRecordsPartitionSizesNothing() throws IOException {
        Path p = dir.resolve("parts.vlog");
        try (RecordLogWriter w = RecordLogWriter.open(p, META)) {
            w.append(1L, 1.0, State.NORMAL, -7, 3, 0.5f);
            w.append(2L, 2.0, State.NORMAL, 1 << 28, 4, 0.5f);
            w.append(3L, 3.0, State.NORMAL, Integer.MAX_VALUE, 5, 0.5f);
            w.append(4L, 4.0, State.NORMAL, 0, 6, 0.5f);
        }
        try (RecordLogWriter w = RecordLogWriter.open(p, META)) {
            org.junit.jupiter.api.Assertions.assertEquals(7, w.nextOffset(0));
            org.junit.jupiter.api.Assertions.assertEquals(6, w.nextOffset(Integer.MAX_VALUE));
            org.junit.jupiter.api.Assertions.assertEquals(5, w.nextOffset(1 << 28));
            org.junit.jupiter.api.Assertions.assertEquals(-1, w.nextOffset(-7));
            w.append(5L, 5.0, State.NORMAL, 0, 7, 0.5f);
        }
    }

    /**
     * Eight writers opening one new log at the same moment (issue 19, item 6): each that opened it appends a
     * record, and the log holds every one of them (a rename used to replace the first creator's file, and its
     * records went to a file no longer there); the others are refused with a RecordLogException, not a crash.
     */
    @Test
    void writersRacingToCreateOneLogLoseNothing() throws Exception {
        for (int round = 0; round < 20; round++) {
            Path p = dir.resolve("race-" + round + ".vlog");
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(8);
            java.util.concurrent.atomic.AtomicInteger opened = new java.util.concurrent.atomic.AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int k = 0; k < 8; k++) {
                int id = k;
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        start.await();
                        try (RecordLogWriter w = RecordLogWriter.open(p, META)) {
                            w.append(id, id, State.NORMAL);
                            opened.incrementAndGet();
                        }
                    } catch (RecordLogException e) {
                        if (!e.getMessage().contains("already open")) {
                            failures.add(e); // an assertion here would die with the thread: the test thread checks the list
                        }
                    } catch (Throwable t) {
                        failures.add(t);
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            assertTrue(failures.isEmpty(), "failures: " + failures);
            assertTrue(opened.get() >= 1);
            try (RecordLogReader r = RecordLogReader.open(p)) {
                assertEquals(opened.get(), r.size(), "round " + round + ": every writer that opened the log has its record there");
            }
            try (var listing = Files.list(dir)) {
                assertTrue(listing.noneMatch(f -> f.toString().endsWith(".tmp")), "no temporary file left");
            }
        }
    }
}
