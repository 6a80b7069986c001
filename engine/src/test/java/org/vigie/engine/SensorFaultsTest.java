package org.vigie.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The faults an Arduino sensor really has, each planted in a small noisy series and found by each algorithm at
 * its defaults where it starts (shared/sensors/make_series.py makes the same kinds; docs/quality.md scores them
 * at scale).
 */
class SensorFaultsTest {

    private static final long T0 = 1_780_000_000_000_000L;
    private static final long TWO_SECONDS = 2_000_000L;
    private static final int N = 5000;
    private static final int AT = 3000;

    /** A DHT22-like humidity read every 2 s: 55 %, a slow wander, noise 0.3, printed to 0.1. */
    private static double[] humidity(long seed) {
        Random r = new Random(seed);
        double[] v = new double[N];
        double wander = 0;
        for (int i = 0; i < N; i++) {
            wander = 0.999 * wander + 0.01 * r.nextGaussian();
            v[i] = Math.round((55 + wander + 0.3 * r.nextGaussian()) * 10) / 10.0;
        }
        return v;
    }

    private static Decision[] judge(Algorithm a, double[] v) {
        long[] t = new long[v.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = T0 + i * TWO_SECONDS;
        }
        return Detector.create(DetectorSettings.defaults(a), 11).judgeAll(t, v);
    }

    private static List<Integer> flags(Decision[] d, int from, int to) {
        List<Integer> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            if (d[i].anomaly()) {
                out.add(i);
            }
        }
        return out;
    }

    private static Decision[] judgeWith(Algorithm a, long seed, UnaryOperator<double[]> fault) {
        return judge(a, fault.apply(humidity(seed)));
    }

    /** Given five identical 20σ glitches 300 readings apart, then at least the first three are each flagged. */
    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"DBSCAN", "IFOREST"})
    void aRecurringGlitchIsFlaggedEachTime(Algorithm a) {
        Decision[] d = judgeWith(a, 1, v -> {
            for (int k = 0; k < 5; k++) {
                v[AT + 300 * k] += 6; // 20 x the noise
            }
            return v;
        });
        for (int k = 0; k < 3; k++) {
            assertTrue(d[AT + 300 * k].anomaly(), a + ": glitch " + (k + 1) + " of 5: " + d[AT + 300 * k]);
        }
    }

    /** Given a reading that freezes for 400 readings, then it is flagged within 50 readings of freezing. */
    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"DBSCAN", "IFOREST"})
    void aFrozenReadingIsFlaggedWithin50Readings(Algorithm a) {
        Decision[] d = judgeWith(a, 2, v -> {
            for (int i = AT + 1; i < AT + 400; i++) {
                v[i] = v[AT];
            }
            return v;
        });
        assertTrue(!flags(d, AT + 1, AT + 51).isEmpty(), a + ": no flag in the 50 readings after the freeze");
    }

    /** Given a sensor library's error values for three readings each, then each run is flagged at its first reading. */
    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"DBSCAN", "IFOREST"})
    void anErrorValueIsFlaggedAtItsFirstReading(Algorithm a) {
        double[] errors = {85.0, -127.0, 0.0, 1023.0};
        Decision[] d = judgeWith(a, 3, v -> {
            for (int k = 0; k < errors.length; k++) {
                for (int i = 0; i < 3; i++) {
                    v[AT - 1000 + 500 * k + i] = errors[k];
                }
            }
            return v;
        });
        for (int k = 0; k < errors.length; k++) {
            int first = AT - 1000 + 500 * k;
            assertTrue(d[first].anomaly(), a + ": error value " + errors[k] + " at its first reading: " + d[first]);
        }
    }

    /** Given a lasting step of 10σ, then it is flagged where it starts (within 3 readings), and not for as long as it lasts. */
    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"DBSCAN", "IFOREST"})
    void aLastingStepIsFlaggedWhereItStarts(Algorithm a) {
        Decision[] d = judgeWith(a, 4, v -> {
            for (int i = AT; i < N; i++) {
                v[i] += 3;
            }
            return v;
        });
        assertTrue(!flags(d, AT, AT + 3).isEmpty(), a + ": the step's start");
        assertTrue(flags(d, AT + 200, N).size() <= 3, a + ": flags long after the step " + flags(d, AT + 200, N));
    }

    /** Given a burst of noise eight times the usual, then it is flagged within its first 10 readings. */
    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"DBSCAN", "IFOREST"})
    void aBurstOfNoiseIsFlaggedWhereItStarts(Algorithm a) {
        Random r = new Random(9);
        Decision[] d = judgeWith(a, 5, v -> {
            for (int i = AT; i < AT + 150; i++) {
                v[i] += 8 * 0.3 * r.nextGaussian();
            }
            return v;
        });
        assertTrue(!flags(d, AT, AT + 10).isEmpty(), a + ": the burst's start " + flags(d, AT, AT + 150));
    }

    /**
     * Given the plain series, then neither algorithm flags any of its 4,000 judged values (measured 2026-12-04 at
     * the defaults; the sensor suite's 2.3 and 2.7 false alarms per 10,000 would make one about one run in
     * three: a flag here is a regression to look at, or a bound to raise with its reason in the note).
     */
    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"DBSCAN", "IFOREST"})
    void theFaultlessSeriesIsLeftAlone(Algorithm a) {
        Decision[] d = judge(a, humidity(6));
        assertTrue(flags(d, 0, N).size() <= 0, a + ": " + flags(d, 0, N));
    }
}
