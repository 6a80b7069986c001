package org.vigie.detector;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.vigie.common.cli.Cli;
import org.vigie.common.cli.Samples;
import org.vigie.common.cli.UserError;
import org.vigie.engine.Algorithm;
import org.vigie.engine.Decision;
import org.vigie.engine.DetectorSettings;
import org.vigie.engine.decision.DecisionRule;
import org.vigie.engine.model.Memory;
import org.vigie.detector.nab.FaultList;
import org.vigie.detector.nab.NabCorpus;
import org.vigie.detector.nab.NabScorer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vigie-detector evaluate}: scores settings on labelled series the way NAB does. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false, showDefaultValues = true, usageHelpWidth = 110,
        description = {"Runs the detector on every labelled series and scores it as the Numenta Anomaly Benchmark does",
            "(standard, low-FP and low-FN profiles: null detector 0, perfect 100), with precision and recall by window",
            "and the share of values flagged on series without anomalies. Each series gets the seed of its name unless",
            "--seed is given. With --sweep, the same run scored at each threshold, to pick one on labelled data."})
final class EvaluateCommand implements Callable<Integer> {

    @Mixin
    SettingsOptions options;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Folder of the series (NAB's data/). Repeat it, each with its --labels, to score several corpora as one. "
                    + "Default: the labelled samples shipped with Vigie (samples/ of a release, src-test-data/ of a clone: "
                    + "29 NAB files and two seeds of Arduino sensor series).")
    List<Path> data;

    @Option(names = "--labels", paramLabel = "JSON",
            description = "Windows file (NAB's combined_windows.json). A faults.json beside its folder (as make_series.py writes) "
                    + "is scored too: faults found by kind, and false alarms per 10,000 judged values.")
    List<Path> labels;

    @Option(names = "--folds", description = "Also print the leave-one-category-out folds: the standard score without each category.")
    boolean folds;

    @Option(names = "--per-file", description = "Also print one row per series.")
    boolean perFile;

    @Option(names = "--sweep", split = ",", arity = "0..1", paramLabel = "T,T...", fallbackValue = "0.9,0.95,0.97,0.98,0.99,0.995,0.998,0.999",
            description = "Also score these thresholds (alone: ${FALLBACK-VALUE}), each at every series' own reading interval "
                    + "(the median gap over the whole series) and without episodes: near the run's figures, not equal to them.")
    List<Double> sweep;

    @Option(names = "--seeds", paramLabel = "N", defaultValue = "1",
            description = "Also run each series with its next N-1 seeds (those of partitions 1 to N-1 of a topic named as the series) "
                    + "and print the spread over the N runs: the scores, each category's, the faults found and the false alarms, "
                    + "as mean, lowest and highest (N at most 100). A figure that moves with the seed is luck, not a gain.")
    int seeds;

    @Override
    public Integer call() {
        DetectorSettings s = options.settings();
        if (seeds < 1 || seeds > 100) {
            throw new UserError("--seeds must be between 1 and 100: " + seeds);
        }
        if (seeds > 1 && s.algorithm() == Algorithm.ZSCORE) {
            throw new UserError("--seeds: the zscore baseline draws nothing at random");
        }
        if (seeds > 1 && options.seed != null) {
            throw new UserError("--seeds runs each series with its own seeds: give it without --seed");
        }
        if (sweep != null && s.algorithm() == Algorithm.ZSCORE) {
            throw new UserError("--sweep: the zscore baseline has no calibrated score to sweep");
        }
        if ((data == null) != (labels == null)) {
            throw new UserError("give --data and --labels together (or neither, to score the shipped samples)");
        }
        if (data == null) {
            List<Samples.Corpus> shipped = Samples.labelled();
            if (shipped.isEmpty()) {
                throw new UserError("no labelled samples in " + Samples.folder().toAbsolutePath() + ": give --data and --labels");
            }
            data = shipped.stream().map(Samples.Corpus::data).toList();
            labels = shipped.stream().map(Samples.Corpus::labels).toList();
            System.out.println("the shipped samples: " + String.join(", ", data.stream().map(d -> d.getParent().toString()).toList()));
        }
        NabCorpus corpus = NabCorpus.load(data, labels);
        List<Decision[]> decisions = corpus.judge(s, options.seed);
        List<NabCorpus.ProfileScore> scores = corpus.score(decisions.stream().map(NabCorpus::flags).toList());
        System.out.printf("%s, window %d, %s%s%n", s.algorithm().id(), s.features().window(), s.parameters(),
                options.seed == null ? "" : ", seed " + options.seed);
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
        for (NabCorpus.Series series : corpus.series()) {
            String steps = series.csv().clockSteps();
            if (steps != null) {
                System.out.println("  " + series.name() + ": " + steps);
            }
        }
        printTotals(corpus.totals(scores.get(0)));
        printFalseAlarmsPerDay(corpus.falseAlarmsPerDay(scores.get(0)));
        printCategories(corpus, scores.get(0));
        if (!corpus.faults().faults().isEmpty()) {
            printFaults(corpus.faultScore(decisions));
        }
        if (seeds > 1) {
            printSpread(corpus, s, decisions, scores);
        }
        if (sweep != null) {
            System.out.printf("  threshold sweep:%n  %9s %9s %9s %9s %8s %8s%n", "threshold", "standard", "low FP", "low FN", "windows", "flags");
            // Each series at its own reading interval (over the whole series, where the detector takes its memory's).
            long[] intervals = corpus.series().stream().mapToLong(x -> Memory.medianIntervalMicros(x.csv().micros())).toArray();
            for (double t : sweep) {
                DecisionRule rule;
                try {
                    rule = new DecisionRule(t, s.decision().periodMicros());
                } catch (IllegalArgumentException e) {
                    throw new UserError("--sweep: " + e.getMessage());
                }
                List<NabCorpus.ProfileScore> at = corpus.score(java.util.stream.IntStream.range(0, decisions.size())
                        .mapToObj(i -> NabCorpus.flags(decisions.get(i), rule.at(intervals[i])))
                        .toList());
                NabCorpus.Totals tt = corpus.totals(at.get(0));
                System.out.printf("  %9s %9.1f %9.1f %9.1f %5d/%-2d %8d%n", t, at.get(0).score(), at.get(1).score(), at.get(2).score(),
                        tt.detected(), tt.windows(), tt.flags());
            }
        }
        return Cli.ExitCode.OK;
    }

    /** The figures of the first run and of the next seeds' runs, as mean (lowest to highest), one row each. */
    private void printSpread(NabCorpus corpus, DetectorSettings s, List<Decision[]> first, List<NabCorpus.ProfileScore> firstScores) {
        java.util.Map<String, double[]> rows = new java.util.LinkedHashMap<>();
        for (int k = 0; k < seeds; k++) {
            List<Decision[]> decisions = k == 0 ? first : corpus.judgeReplica(s, k);
            List<NabCorpus.ProfileScore> scores = k == 0 ? firstScores : corpus.score(decisions.stream().map(NabCorpus::flags).toList());
            for (NabCorpus.ProfileScore p : scores) {
                rows.computeIfAbsent(p.profile().name(), x -> new double[seeds])[k] = p.score();
            }
            List<String> categories = corpus.categories();
            for (String c : categories.size() < 2 ? List.<String>of() : categories) {
                double score = corpus.categoryScore(scores.get(0), c);
                if (!Double.isNaN(score)) {
                    rows.computeIfAbsent(c, x -> new double[seeds])[k] = score;
                }
            }
            if (!corpus.faults().faults().isEmpty()) {
                FaultList.Score f = corpus.faultScore(decisions);
                rows.computeIfAbsent("faults found (%)", x -> new double[seeds])[k] = f.percentFound();
                rows.computeIfAbsent("false alarms per 10,000", x -> new double[seeds])[k] = f.perTenThousand();
            }
        }
        System.out.printf("  over %d seeds (each series' own, as partitions 0 to %d of its name): mean (lowest to highest)%n", seeds, seeds - 1);
        rows.forEach((name, v) -> {
            String f = name.startsWith("false alarms") ? "%.2f" : "%.1f";
            System.out.printf("    %-24s %7s (" + f + " to " + f + ")%n", name, String.format(f, java.util.Arrays.stream(v).average().orElseThrow()),
                    java.util.Arrays.stream(v).min().orElseThrow(), java.util.Arrays.stream(v).max().orElseThrow());
        });
    }

    private void printCategories(NabCorpus corpus, NabCorpus.ProfileScore standard) {
        List<String> categories = corpus.categories();
        if (categories.size() < 2) {
            return;
        }
        System.out.printf("  by category: standard score%s%n", folds ? " alone, and of the rest without it (a fold)" : "");
        for (String c : categories) {
            long files = corpus.series().stream().filter(s -> s.category().equals(c)).count();
            double score = corpus.categoryScore(standard, c);
            // A category without windows has no score of its own (its flags count in the others' folds).
            System.out.printf("    %-24s %3d files %7s", c, files, Double.isNaN(score) ? "no windows" : String.format("%.1f", score));
            System.out.printf(folds ? "   without it %5.1f%n" : "%n", corpus.scoreWithout(standard, c));
        }
    }

    private static void printFaults(FaultList.Score f) {
        StringBuilder kinds = new StringBuilder();
        f.byKind().forEach((kind, c) -> kinds.append(String.format(" %s %d/%d (%.0f%%),", kind, c[0], c[1], 100.0 * c[0] / c[1])));
        System.out.printf("  faults found %d/%d (%.1f%%):%s%n  false alarms %.2f per 10,000 judged values (%d of %d)%n", f.found(), f.total(),
                f.percentFound(), kinds.substring(0, kinds.length() - 1), f.perTenThousand(), f.falseAlarms(), f.judged());
    }

    /** The normal-only streams' figure (folders with no anomaly window): flags per day of the sensor's time. */
    private static void printFalseAlarmsPerDay(java.util.Map<String, Double> perDay) {
        if (perDay.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        perDay.forEach((category, rate) -> sb.append(sb.isEmpty() ? "" : ", ").append(String.format(java.util.Locale.ROOT, "%s %.2f", category, rate)));
        System.out.printf("  false alarms per day of sensor time, series without anomalies, by folder: %s%n", sb);
    }

    private static void printTotals(NabCorpus.Totals t) {
        System.out.printf("  recall by window %d/%d (%.0f%%), precision %d/%d flags in windows (%.0f%%)%n", t.detected(), t.windows(),
                t.windows() == 0 ? 0 : 100.0 * t.detected() / t.windows(), t.inside(), t.flags(), t.flags() == 0 ? 0 : 100.0 * t.inside() / t.flags());
        System.out.printf("  series without anomalies: at most %.2f%% of values flagged (%s)%n", t.worstCleanPercent(), t.worstClean());
    }
}
