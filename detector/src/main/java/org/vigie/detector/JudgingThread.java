package org.vigie.detector;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The thread that judges polled batches while the poll loop fetches and decodes the next ones: on two cores, Kafka's
 * fetching and parsing (about 1.5 µs a value) overlap the engine's work instead of adding to it. Batches queue up to
 * {@link #MAX_RECORDS_AHEAD} records, so the judging goes on while the consumer waits for its next fetch; the poll
 * loop waits for every batch handed over ({@link #await}) before anything that needs them done: a commit, a rebalance,
 * the end. A batch judged is therefore in the log before any offset that covers it is committed, as when one thread
 * did both.
 *
 * <p>A batch that fails (the log's disk, an event the producer refused) fails every later {@link #await} with the same
 * exception, and the batches queued after it are not judged: the run ends with it, nothing of them committed.
 */
final class JudgingThread implements AutoCloseable {

    /**
     * Records handed over and not yet judged, at most: about 15 ms of judging at 5 µs a value, enough to go on while the
     * consumer fetches a partition again (it does so only once the partition's buffer is empty); the poll loop waits
     * for the oldest batch beyond it. 10,000 ran no faster and took 50 forest partitions from 196 to 223 and 230 MB of
     * peak RSS (the poll loop ran further ahead of the judging, with more of the consumer's fetches held).
     */
    static final int MAX_RECORDS_AHEAD = 3_000;

    /** A batch's judging. */
    interface Batch {
        void judge() throws IOException;
    }

    private record Handed(Future<?> judged, int records) {}

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "vigie-judge");
        t.setDaemon(true); // never holds the JVM up: the poll loop waits for it before it ends
        return t;
    });
    private final ArrayDeque<Handed> inFlight = new ArrayDeque<>();
    private int recordsInFlight;
    private volatile boolean broken; // a batch failed: those queued after it are skipped
    private Throwable failed;

    /** Hands {@code batch} of {@code records} over, once few enough are ahead of it; returns as soon as it is queued. */
    void submit(Batch batch, int records) throws IOException {
        while (!inFlight.isEmpty() && recordsInFlight + records > MAX_RECORDS_AHEAD) {
            waitForOldest();
        }
        rethrow();
        inFlight.add(new Handed(thread.submit(() -> {
            if (!broken) {
                try {
                    batch.judge();
                } catch (Throwable e) {
                    broken = true;
                    throw e;
                }
            }
            return null;
        }), records));
        recordsInFlight += records;
    }

    /** Records handed over that may not be judged yet. */
    int recordsInFlight() {
        return recordsInFlight;
    }

    /** Waits until every batch handed over is judged; throws what a batch failed with, now or before. */
    void await() throws IOException {
        waitForAll();
        rethrow();
    }

    private void rethrow() throws IOException {
        switch (failed) {
            case null -> { }
            case IOException e -> throw e;
            case RuntimeException e -> throw e;
            case Error e -> throw e;
            default -> throw new IOException(failed);
        }
    }

    /**
     * Waits until every batch handed over is judged, as {@link #await}, but says whether every batch succeeded instead
     * of throwing: for a rebalance's callback, which must not commit after a failure and leaves it to the poll loop.
     */
    boolean awaitQuietly() {
        waitForAll();
        return failed == null;
    }

    private void waitForAll() {
        while (!inFlight.isEmpty()) {
            waitForOldest();
        }
    }

    private void waitForOldest() {
        Handed h = inFlight.poll();
        recordsInFlight -= h.records();
        boolean interrupted = false;
        while (true) {
            try {
                h.judged().get(); // a batch takes milliseconds: waited for through an interrupt, which is kept
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException e) {
                failed = failed != null ? failed : e.getCause();
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Judges the batches still queued (a run that ends with a refused poll keeps in its log what it had polled; a
     * failure, if any, is the poll loop's to report) and ends the thread.
     */
    @Override
    public void close() {
        waitForAll();
        thread.shutdown();
    }
}
