package org.vigie.detector;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The thread that judges a polled batch while the poll loop fetches and decodes the next: on two cores, Kafka's
 * fetching and parsing (about 1.5 µs a value) overlap the engine's work instead of adding to it. One batch at most is
 * in flight; the poll loop waits for it ({@link #await}) before anything that needs it done: the next batch, a
 * commit, a rebalance, the end. A batch judged is therefore in the log before any offset that covers it is committed,
 * as when one thread did both.
 *
 * <p>A batch that fails (the log's disk, an event the producer refused) fails every later {@link #await} with the same
 * exception: the run ends with it, nothing of that batch committed.
 */
final class JudgingThread implements AutoCloseable {

    /** A batch's judging. */
    interface Batch {
        void judge() throws IOException;
    }

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "vigie-judge");
        t.setDaemon(true); // never holds the JVM up: the poll loop waits for it before it ends
        return t;
    });
    private Future<?> inFlight;
    private Throwable failed;

    /** Hands {@code batch} over once the batch before it is judged; returns at once. */
    void submit(Batch batch) throws IOException {
        await();
        inFlight = thread.submit(() -> {
            batch.judge();
            return null;
        });
    }

    /** Waits until the batch in flight is judged; throws what a batch failed with, now or before. */
    void await() throws IOException {
        waitForInFlight();
        switch (failed) {
            case null -> { }
            case IOException e -> throw e;
            case RuntimeException e -> throw e;
            case Error e -> throw e;
            default -> throw new IOException(failed);
        }
    }

    /**
     * Waits until the batch in flight is judged, as {@link #await}, but says whether every batch succeeded instead of
     * throwing: for a rebalance's callback, which must not commit after a failure and leaves it to the poll loop.
     */
    boolean awaitQuietly() {
        waitForInFlight();
        return failed == null;
    }

    private void waitForInFlight() {
        Future<?> f = inFlight;
        if (f == null) {
            return;
        }
        inFlight = null;
        boolean interrupted = false;
        while (true) {
            try {
                f.get(); // a batch takes milliseconds: waited for through an interrupt, which is kept
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

    /** Waits for the batch in flight (its failure, if any, is the poll loop's to report) and ends the thread. */
    @Override
    public void close() {
        waitForInFlight();
        thread.shutdown();
    }
}
