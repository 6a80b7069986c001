package org.vigie.benchmarks;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.vigie.engine.Algorithm;
import org.vigie.engine.Decision;
import org.vigie.engine.Detector;
import org.vigie.engine.DetectorSettings;

/**
 * The engine alone, at its defaults: values judged per second by one detector (one partition) on a
 * sensor-like series (a daily cycle sampled every minute, noise, a glitch now and then), refits included.
 * Each invocation judges the next {@link #BATCH} values of a long series, after a warm-up that fills the
 * memory, so the figure is the steady state a long session sees.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx128m"})
public class EngineBenchmark {

    static final int BATCH = 10_000;
    private static final int SERIES = 1 << 20;

    @Param({"DBSCAN", "IFOREST"})
    public Algorithm algorithm;

    private double[] values;
    private Detector detector;
    private long position;

    @Setup(Level.Trial)
    public void setUp() {
        values = new double[SERIES];
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < SERIES; i++) {
            values[i] = 20 + 5 * Math.sin(2 * Math.PI * i / 1440) + r.nextGaussian() * 0.3 + (r.nextInt(2000) == 0 ? 8 : 0);
        }
        detector = Detector.create(DetectorSettings.defaults(algorithm), 7);
        for (int i = 0; i < 20_000; i++) {
            judge();
        }
    }

    private Decision judge() {
        int i = (int) (position & (SERIES - 1));
        return detector.judge(position++, 1_700_000_000_000_000L + 60_000_000L * position, values[i]);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void judgeValues(Blackhole bh) {
        for (int i = 0; i < BATCH; i++) {
            bh.consume(judge());
        }
    }
}
