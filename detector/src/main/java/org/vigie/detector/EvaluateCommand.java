package org.vigie.detector;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.vigie.common.State;
import org.vigie.common.cli.Cli;
import org.vigie.detector.engine.DetectorSettings;
import org.vigie.detector.engine.WindowDetector;
import org.vigie.detector.nab.NabCorpus;
import org.vigie.detector.nab.NabScorer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vigie-detector evaluate}: scores settings on labelled series the way NAB does. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false, showDefaultValues = true, usageHelpWidth = 110,
        description = {"Runs the detector on every labelled series and scores it as the Numenta Anomaly Benchmark does",
            "(standard, low-FP and low-FN profiles: null detector 0, perfect 100), with precision and recall by window",
            "and the share of values flagged on series without anomalies."})
final class EvaluateCommand implements Callable<Integer> {

    @Mixin
    SettingsOptions options;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Folder of the series (NAB's data/).")
    Path data;

    @Option(names = "--labels", required = true, paramLabel = "JSON", description = "Windows file (NAB's combined_windows.json).")
    Path labels;

    @Option(names = "--per-file", description = "Also print one row per series.")
    boolean perFile;

    @Override
    public Integer call() {
        DetectorSettings s = options.settings();
        NabCorpus corpus = NabCorpus.load(data, labels);
        List<NabCorpus.ProfileScore> scores = corpus.score(values -> detect(s, values));
        System.out.printf("%s, window %d, %s%n", s.algorithm().id(), s.window(), s.parameters());
        for (NabCorpus.ProfileScore p : scores) {
            System.out.printf("  %-20s %7.1f%n", p.profile().name(), p.score());
        }
        if (perFile) {
            for (int i = 0; i < corpus.series().size(); i++) {
                NabScorer.FileScore f = scores.get(0).files().get(i);
                System.out.printf("  %-60s windows %d/%d, flags %d (%d in windows), raw %.2f%n", corpus.series().get(i).name(),
                        f.windowsDetected(), f.windows(), f.detections(), f.detectionsInWindows(), f.raw());
            }
        }
        NabCorpus.Totals t = corpus.totals(scores.get(0));
        System.out.printf("  recall by window %d/%d (%.0f%%), precision %d/%d flags in windows (%.0f%%)%n", t.detected(), t.windows(),
                t.windows() == 0 ? 0 : 100.0 * t.detected() / t.windows(), t.inside(), t.flags(), t.flags() == 0 ? 0 : 100.0 * t.inside() / t.flags());
        System.out.printf("  series without anomalies: at most %.2f%% of values flagged (%s)%n", t.worstCleanPercent(), t.worstClean());
        return Cli.ExitCode.OK;
    }

    static boolean[] detect(DetectorSettings s, double[] values) {
        WindowDetector d = new WindowDetector(s);
        boolean[] out = new boolean[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = d.judge(values[i]).state() == State.ANOMALY;
        }
        return out;
    }
}
