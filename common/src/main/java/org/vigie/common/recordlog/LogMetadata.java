package org.vigie.common.recordlog;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.vigie.common.VigieVersion;

/**
 * The header metadata of a record log: what wrote it and for what. Stored as sorted {@code key=value}
 * lines, so a human can read it with {@code head -c 1000}. Keys and values hold no line breaks.
 */
public record LogMetadata(SortedMap<String, String> entries) {

    public static final String KIND = "kind";
    public static final String TOPIC = "topic";
    public static final String ALGORITHM = "algorithm";
    public static final String WINDOW = "window";
    public static final String CREATED = "created";
    public static final String PROGRAM_VERSION = "program.version";
    /** Prefix of the algorithm's parameters: {@code param.minPts=4}. */
    public static final String PARAM_PREFIX = "param.";

    public enum Kind {
        /** The producer's copy of every value it sent; states are {@code REFERENCE}. */
        REFERENCE,
        /** A detector's judgement of every value it consumed. */
        DETECTOR;

        String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public LogMetadata {
        TreeMap<String, String> copy = new TreeMap<>();
        entries.forEach((k, v) -> {
            check(k, "key");
            check(v, "value");
            if (k.isEmpty() || k.contains("=")) {
                throw new IllegalArgumentException("bad metadata key: '" + k + "'");
            }
            copy.put(k, v);
        });
        if (!copy.containsKey(KIND)) {
            throw new IllegalArgumentException("metadata has no " + KIND);
        }
        if (java.util.Arrays.stream(Kind.values()).noneMatch(k -> k.key().equals(copy.get(KIND)))) {
            throw new IllegalArgumentException("unknown log kind: '" + copy.get(KIND) + "'");
        }
        entries = Collections.unmodifiableSortedMap(copy);
    }

    public static LogMetadata reference(String topic) {
        return of(Kind.REFERENCE, topic, Map.of());
    }

    public static LogMetadata detector(String topic, String algorithm, int window, Map<String, String> params) {
        TreeMap<String, String> extra = new TreeMap<>();
        extra.put(ALGORITHM, algorithm);
        extra.put(WINDOW, Integer.toString(window));
        params.forEach((k, v) -> extra.put(PARAM_PREFIX + k, v));
        return of(Kind.DETECTOR, topic, extra);
    }

    private static LogMetadata of(Kind kind, String topic, Map<String, String> extra) {
        TreeMap<String, String> m = new TreeMap<>(extra);
        m.put(KIND, kind.key());
        m.put(TOPIC, Objects.requireNonNull(topic));
        m.put(CREATED, Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        m.put(PROGRAM_VERSION, VigieVersion.get());
        return new LogMetadata(m);
    }

    public Kind kind() {
        String k = entries.get(KIND);
        for (Kind kind : Kind.values()) {
            if (kind.key().equals(k)) {
                return kind;
            }
        }
        throw new IllegalStateException("unknown log kind: " + k);
    }

    public String topic() {
        return entries.getOrDefault(TOPIC, "");
    }

    /** The algorithm of a detector log, or null for a reference log. */
    public String algorithm() {
        return entries.get(ALGORITHM);
    }

    public String get(String key) {
        return entries.get(key);
    }

    /** The same log's identity: a log reopened for appending must be of the same kind, topic and algorithm. */
    public boolean sameStream(LogMetadata other) {
        return Objects.equals(get(KIND), other.get(KIND))
                && Objects.equals(get(TOPIC), other.get(TOPIC))
                && Objects.equals(get(ALGORITHM), other.get(ALGORITHM));
    }

    /** A short human name: {@code humidite/dbscan}, or {@code humidite (reference)}. */
    public String label() {
        return algorithm() == null ? topic() + " (reference)" : topic() + "/" + algorithm();
    }

    byte[] encode() {
        StringBuilder sb = new StringBuilder();
        entries.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Null when the bytes are not well-formed metadata. */
    static LogMetadata decode(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        TreeMap<String, String> m = new TreeMap<>();
        if (!text.isEmpty()) {
            if (!text.endsWith("\n")) {
                return null;
            }
            for (String line : text.substring(0, text.length() - 1).split("\n", -1)) {
                int eq = line.indexOf('=');
                if (eq <= 0) {
                    return null;
                }
                if (m.put(line.substring(0, eq), line.substring(eq + 1)) != null) {
                    return null; // a key twice: which one holds?
                }
            }
        }
        try {
            return new LogMetadata(m);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void check(String s, String what) {
        if (s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("metadata " + what + " holds a line break: '" + s + "'");
        }
    }
}
