package org.vigie.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class JudgingThreadTest {

    @Test
    void batchesQueueUpAndAreJudgedInTheOrderHandedOver() throws Exception {
        List<Integer> judged = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        try (JudgingThread t = new JudgingThread()) {
            t.submit(() -> {
                await(release);
                judged.add(1);
            }, 500);
            t.submit(() -> judged.add(2), 500); // queued behind the first, which has not ended: submit returns at once
            t.submit(() -> judged.add(3), 500);
            assertEquals(1_500, t.recordsInFlight());
            assertTrue(judged.isEmpty());
            release.countDown();
            t.await();
            assertEquals(List.of(1, 2, 3), judged);
            assertEquals(0, t.recordsInFlight());
        }
    }

    @Test
    void aBatchBeyondTheRecordsAheadWaitsForTheOldest() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean firstJudged = new AtomicBoolean();
        try (JudgingThread t = new JudgingThread()) {
            t.submit(() -> {
                await(release);
                firstJudged.set(true);
            }, JudgingThread.MAX_RECORDS_AHEAD);
            CompletableFuture<Boolean> secondHandedOver = CompletableFuture.supplyAsync(() -> {
                try {
                    t.submit(() -> { }, 1); // over the bound: returns only once the first is judged
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
                return firstJudged.get();
            });
            release.countDown();
            assertTrue(secondHandedOver.get(60, TimeUnit.SECONDS), "the second batch was handed over before the first was judged");
            t.await();
        }
    }

    @Test
    void aFailedBatchFailsTheAwaitAndTheBatchesQueuedAfterItAreNotJudged() throws Exception {
        IOException diskFull = new IOException("no space left on device");
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean laterJudged = new AtomicBoolean();
        try (JudgingThread t = new JudgingThread()) {
            t.submit(() -> {
                await(release);
                throw diskFull;
            }, 10);
            t.submit(() -> laterJudged.set(true), 10);
            release.countDown();
            assertSame(diskFull, assertThrows(IOException.class, t::await));
            assertFalse(laterJudged.get(), "a batch after a failed one was judged");
            assertSame(diskFull, assertThrows(IOException.class, () -> t.submit(() -> laterJudged.set(true), 1)));
            assertFalse(t.awaitQuietly());
            assertFalse(laterJudged.get());
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
