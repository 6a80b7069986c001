package org.vigie.detector.nab;

import java.nio.file.Path;
import org.vigie.common.State;
import org.vigie.detector.engine.Algorithm;
import org.vigie.detector.engine.DetectorSettings;
import org.vigie.detector.engine.WindowDetector;

/** Development harness for tuning on NAB: NabTuning NAB_DIR ALG minPts radius threshold novelty horizon trees (DETAIL=1 for per-file rows). */
public final class NabTuning {
    public static void main(String[] a) {
        NabCorpus c = NabCorpus.load(Path.of(a[0], "data"), Path.of(a[0], "labels/combined_windows.json"));
        Algorithm alg = Algorithm.valueOf(a[1]);
        DetectorSettings s = new DetectorSettings(alg, 20, Integer.parseInt(a[2]), Double.parseDouble(a[3]), Integer.parseInt(a[7]),
                Double.parseDouble(a[4]), Double.parseDouble(a[5]), Integer.parseInt(a[6]), 1L);
        long t0 = System.nanoTime();
        var scores = c.score(values -> {
            WindowDetector d = new WindowDetector(s);
            boolean[] out = new boolean[values.length];
            for (int i = 0; i < values.length; i++) {
                out[i] = d.judge(values[i]).state() == State.ANOMALY;
            }
            return out;
        });
        StringBuilder sb = new StringBuilder(String.join(" ", a).substring(a[0].length()));
        for (var p : scores) {
            sb.append(String.format(" | %s %.1f", p.profile().name(), p.score()));
        }
        var std = scores.get(0).files();
        int hit = 0, win = 0; long flags = 0, inside = 0; double noAnomMax = 0;
        for (int i = 0; i < std.size(); i++) {
            var f = std.get(i);
            hit += f.windowsDetected(); win += f.windows(); flags += f.detections(); inside += f.detectionsInWindows();
            if (f.windows() == 0) noAnomMax = Math.max(noAnomMax, 100.0 * f.detections() / c.series().get(i).values().length);
        }
        sb.append(String.format(" | windows %d/%d flags %d inside %d | noAnom max %.2f%% | %.1fs", hit, win, flags, inside, noAnomMax, (System.nanoTime() - t0) / 1e9));
        System.out.println(sb);
        if (System.getenv("DETAIL") != null) {
            for (int i = 0; i < std.size(); i++) {
                var f = std.get(i);
                System.out.printf("  %-55s raw %6.2f windows %d/%d flags %d inside %d%n", c.series().get(i).name(), f.raw(), f.windowsDetected(), f.windows(), f.detections(), f.detectionsInWindows());
            }
        }
    }
}
