package org.vigie.detector.nab;

import java.nio.file.Path;
import org.vigie.detector.EvaluateCommandAccess;
import org.vigie.detector.engine.Algorithm;
import org.vigie.detector.engine.DetectorSettings;

/**
 * Development harness for tuning on NAB, over a grid (comma-separated values):
 * {@code NabTuning NAB_DIR ALG radius floor history minPts trees threshold} (DETAIL=1 for per-file rows);
 * {@code NabTuning NAB_DIR FAITHFUL threshold} scores a forest refitted on the window for every value.
 */
public final class NabTuning {
    public static void main(String[] a) {
        NabCorpus c = NabCorpus.load(Path.of(a[0], "data"), Path.of(a[0], "labels/combined_windows.json"));
        if (a[1].equals("FAITHFUL")) { // the per-value refit: a forest fitted on the window for every value
            double threshold = Double.parseDouble(a[2]);
            var options = new smile.anomaly.IsolationForest.Options(100, 0, 0.7, 0);
            run(c, values -> {
                boolean[] out = new boolean[values.length];
                double[][] w = new double[20][1];
                for (int i = 20; i < values.length; i++) {
                    for (int k = 0; k < 20; k++) {
                        w[k][0] = values[i - 20 + k];
                    }
                    out[i] = smile.anomaly.IsolationForest.fit(w, options).score(new double[] {values[i]}) > threshold;
                }
                return out;
            }, "faithful iforest refit per value, threshold " + threshold);
            return;
        }
        Algorithm alg = Algorithm.valueOf(a[1]);
        for (String radius : a[2].split(",")) for (String floor : a[3].split(",")) for (String history : a[4].split(","))
        for (String minPts : a[5].split(",")) for (String trees : a[6].split(",")) for (String threshold : a[7].split(",")) {
            DetectorSettings s = new DetectorSettings(alg, Integer.getInteger("window", 20), Double.parseDouble(radius), null, Double.parseDouble(floor),
                    Integer.parseInt(history), Integer.parseInt(minPts), Integer.parseInt(trees), Double.parseDouble(threshold), null);
            run(c, s, String.join(" ", alg.id(), "window " + Integer.getInteger("window", 20), radius, floor, history, minPts, trees, threshold));
        }
    }

    private static void run(NabCorpus c, DetectorSettings s, String label) {
        run(c, values -> EvaluateCommandAccess.detect(s, values), label);
    }

    private static void run(NabCorpus c, java.util.function.Function<double[], boolean[]> detector, String label) {
        long t0 = System.nanoTime();
        var scores = c.score(detector);
        StringBuilder sb = new StringBuilder(label);
        for (var p : scores) {
            sb.append(String.format(" | %s %.1f", p.profile().name(), p.score()));
        }
        var std = scores.get(0).files();
        NabCorpus.Totals t = c.totals(scores.get(0));
        sb.append(String.format(" | windows %d/%d flags %d inside %d | noAnom max %.2f%% | %.1fs", t.detected(), t.windows(), t.flags(), t.inside(),
                t.worstCleanPercent(), (System.nanoTime() - t0) / 1e9));
        System.out.println(sb);
        if (System.getenv("DETAIL") != null) {
            for (int i = 0; i < std.size(); i++) {
                var f = std.get(i);
                System.out.printf("  %-55s raw %6.2f windows %d/%d flags %d inside %d%n", c.series().get(i).name(), f.raw(), f.windowsDetected(), f.windows(), f.detections(), f.detectionsInWindows());
            }
        }
    }
}
