package org.vigie.producer;

import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The one-line status on stderr every few seconds. */
final class StatusLine implements AutoCloseable {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("status").daemon().unstarted(r));
    private final ProducerStats stats;
    private long lastLines;
    private long lastNanos = System.nanoTime();

    private StatusLine(ProducerStats stats) {
        this.stats = stats;
    }

    static StatusLine start(ProducerStats stats, Duration every) {
        StatusLine s = new StatusLine(stats);
        s.timer.scheduleAtFixedRate(s::print, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return s;
    }

    private void print() {
        long now = System.nanoTime();
        long lines = stats.linesRead();
        double rate = (lines - lastLines) / ((now - lastNanos) / 1e9);
        lastLines = lines;
        lastNanos = now;
        System.err.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " " + stats.statusLine(rate));
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
