package org.vigie.detector.nab;

import java.time.LocalDateTime;
import java.util.List;

/**
 * Scores binary detections the way the Numenta Anomaly Benchmark does (its sweeper, at one threshold):
 * each labelled window starts as a miss (-fnWeight); the first detection inside it scores
 * tpWeight * sigmoid of its position instead, scaled so that the earliest scores tpWeight; a detection outside every window costs
 * fpWeight, scaled by how far it follows the previous window (-1 before any window or well past one).
 * Rows in the probationary period (the first min(floor(0.15 n), 750)) are not scored.
 */
public final class NabScorer {

    /** NAB's cost profile. */
    public record Profile(String name, double tpWeight, double fnWeight, double fpWeight) {
        public static final List<Profile> ALL = List.of(
                new Profile("standard", 1.0, 1.0, 0.11),
                new Profile("reward_low_FP_rate", 1.0, 1.0, 0.22),
                new Profile("reward_low_FN_rate", 1.0, 2.0, 0.11));
    }

    /**
     * A file's result under one profile. {@code detections} and {@code detectionsInWindows} count what NAB
     * scores (after the probation period); {@code flagged} counts every detection.
     */
    public record FileScore(double raw, double nullScore, double perfect, int windows, int windowsDetected,
            long detections, long detectionsInWindows, long flagged) {}

    /** A labelled window, as indices of its first and last rows. */
    public record Window(int first, int last) {}

    private NabScorer() {}

    public static int probation(int rows) {
        return Math.min((int) Math.floor(0.15 * rows), 750);
    }

    private static final double MAX_TP = scaledSigmoid(-1.0);

    static double scaledSigmoid(double position) {
        if (position >= 3.0) {
            return -1.0;
        }
        return 2.0 / (1.0 + Math.exp(5.0 * position)) - 1.0;
    }

    /** Windows given by timestamps, as row indices (rows whose time lies within the window, inclusive). */
    public static List<Window> windows(List<LocalDateTime> times, List<LocalDateTime[]> limits) {
        return limits.stream().map(l -> {
            int first = -1;
            int last = -1;
            for (int i = 0; i < times.size(); i++) {
                LocalDateTime t = times.get(i);
                if (!t.isBefore(l[0]) && !t.isAfter(l[1])) {
                    if (first < 0) {
                        first = i;
                    }
                    last = i;
                }
            }
            return new Window(first, last);
        }).filter(w -> w.first() >= 0).toList();
    }

    public static FileScore score(boolean[] detected, List<Window> windows, Profile p) {
        // As NAB's runner normalises: the perfect score is tpWeight per window, the null one a miss per window.
        return new FileScore(raw(detected, windows, p), -p.fnWeight() * windows.size(), p.tpWeight() * windows.size(),
                windows.size(), countDetectedWindows(detected, windows), countDetections(detected, windows, false),
                countDetections(detected, windows, true), countFlagged(detected));
    }

    static double raw(boolean[] detected, List<Window> windows, Profile p) {
        int n = detected.length;
        int probation = probation(n);
        double[] windowScore = new double[windows.size()];
        java.util.Arrays.fill(windowScore, -p.fnWeight());
        boolean[] windowHit = new boolean[windows.size()];
        double fp = 0;
        int current = -1; // the window we are in, or the last one passed
        for (int i = 0; i < n; i++) {
            while (current + 1 < windows.size() && windows.get(current + 1).first() <= i) {
                current++;
            }
            if (!detected[i] || i < probation) {
                continue;
            }
            if (current < 0) {
                fp += -1.0 * p.fpWeight();
                continue;
            }
            Window w = windows.get(current);
            double width = w.last() - w.first() + 1;
            if (i <= w.last()) {
                if (!windowHit[current]) {
                    windowHit[current] = true;
                    // As NAB's sweeper: divided by the earliest possible score, so a perfect detection is worth tpWeight.
                    windowScore[current] = scaledSigmoid(-(w.last() - i + 1) / width) * p.tpWeight() / MAX_TP;
                }
            } else {
                fp += scaledSigmoid(Math.abs(w.last() - i) / (width - 1)) * p.fpWeight();
            }
        }
        double total = fp;
        for (double s : windowScore) {
            total += s;
        }
        return total;
    }

    private static int countDetectedWindows(boolean[] detected, List<Window> windows) {
        int probation = probation(detected.length);
        int hit = 0;
        for (Window w : windows) {
            for (int i = Math.max(w.first(), probation); i <= w.last(); i++) {
                if (detected[i]) {
                    hit++;
                    break;
                }
            }
        }
        return hit;
    }

    private static long countFlagged(boolean[] detected) {
        long count = 0;
        for (boolean d : detected) {
            count += d ? 1 : 0;
        }
        return count;
    }

    private static long countDetections(boolean[] detected, List<Window> windows, boolean insideOnly) {
        long count = 0;
        for (int i = probation(detected.length); i < detected.length; i++) {
            if (detected[i]) {
                final int row = i;
                boolean inside = windows.stream().anyMatch(w -> row >= w.first() && row <= w.last());
                if (!insideOnly || inside) {
                    count++;
                }
            }
        }
        return count;
    }
}
