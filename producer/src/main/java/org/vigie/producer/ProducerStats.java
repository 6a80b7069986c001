package org.vigie.producer;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.vigie.common.line.RejectReason;

/** The producer's counters, read by the status line, the summary and the tests. Thread-safe. */
public final class ProducerStats {

    /** Where the serial port stands. */
    public enum PortState { WAITING, OPEN, STOPPED }

    /** Why a parsed, valid reading was still not sent. */
    public enum Dropped {
        TOPIC_NOT_ALLOWED("topic not in --topics"),
        TOO_MANY_TOPICS("over --max-topics"),
        BUFFER_FULL("buffer full"),
        CUT_BY_DISCONNECT("line cut by a disconnect");

        final String label;

        Dropped(String label) {
            this.label = label;
        }
    }

    final LongAdder linesRead = new LongAdder();
    final LongAdder sent = new LongAdder();
    final LongAdder acked = new LongAdder();
    final LongAdder failed = new LongAdder();
    private final Map<RejectReason, LongAdder> rejected = new EnumMap<>(RejectReason.class);
    private final Map<Dropped, LongAdder> dropped = new EnumMap<>(Dropped.class);
    volatile PortState portState = PortState.WAITING;
    /** up, unreachable, or connecting before the first answer. */
    volatile String kafkaState = "connecting";

    ProducerStats() {
        for (RejectReason r : RejectReason.values()) {
            rejected.put(r, new LongAdder());
        }
        for (Dropped d : Dropped.values()) {
            dropped.put(d, new LongAdder());
        }
    }

    void reject(RejectReason reason) {
        rejected.get(reason).increment();
    }

    void drop(Dropped why) {
        dropped.get(why).increment();
    }

    /** Lines read from the port, good and bad (an over-long line counts once). */
    public long linesRead() {
        return linesRead.sum();
    }

    /** Values handed to Kafka. */
    public long sent() {
        return sent.sum();
    }

    /** Values the broker acknowledged (acks=all). */
    public long acked() {
        return acked.sum();
    }

    /** Values whose delivery failed for good. */
    public long failed() {
        return failed.sum();
    }

    public long pending() {
        return sent() - acked() - failed();
    }

    public long rejected(RejectReason reason) {
        return rejected.get(reason).sum();
    }

    public long rejected() {
        return rejected.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public long dropped(Dropped why) {
        return dropped.get(why).sum();
    }

    public PortState portState() {
        return portState;
    }

    String statusLine(double linesPerSecond) {
        long drops = dropped.values().stream().mapToLong(LongAdder::sum).sum();
        return String.format("%.1f lines/s | read %d, sent %d, acked %d, pending %d | rejected %d | dropped %d | failed %d | port %s | kafka %s",
                linesPerSecond, linesRead(), sent(), acked(), pending(), rejected(), drops, failed(),
                portState.name().toLowerCase(java.util.Locale.ROOT), kafkaState);
    }

    String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("lines read %d, sent %d, acknowledged %d, failed %d%n", linesRead(), sent(), acked(), failed()));
        sb.append("rejected ").append(rejected());
        appendNonZero(sb, rejected, RejectReason::label);
        sb.append(System.lineSeparator());
        long drops = dropped.values().stream().mapToLong(LongAdder::sum).sum();
        sb.append("dropped ").append(drops);
        appendNonZero(sb, dropped, d -> d.label);
        return sb.toString();
    }

    private static <K extends Enum<K>> void appendNonZero(StringBuilder sb, Map<K, LongAdder> counts, java.util.function.Function<K, String> label) {
        StringBuilder parts = new StringBuilder();
        counts.forEach((k, v) -> {
            if (v.sum() > 0) {
                parts.append(parts.isEmpty() ? "" : ", ").append(label.apply(k)).append(' ').append(v.sum());
            }
        });
        if (!parts.isEmpty()) {
            sb.append(" (").append(parts).append(')');
        }
    }
}
