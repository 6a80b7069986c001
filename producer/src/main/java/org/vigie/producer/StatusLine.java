package org.vigie.producer;

import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The one-line status on stderr every few seconds. */
final class StatusLine implements AutoCloseable {

    // HH:mm:ss always: LocalTime's own text drops the seconds when they are :00, and the column then jumps.
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

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
        System.err.println(stamp(LocalTime.now()) + " " + stats.statusLine(rate));
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** The line's time of day, to the second. */
    static String stamp(LocalTime time) {
        return STAMP.format(time);
    }
}
