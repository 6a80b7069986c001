package org.vigie.detector.nab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.jr.ob.JSON;
import org.vigie.common.cli.UserError;
import org.vigie.detector.SeriesCsv;
import org.vigie.engine.Decision;
import org.vigie.engine.Detector;
import org.vigie.engine.DetectorSettings;
import org.vigie.engine.Verdict;
import org.vigie.engine.decision.DecisionRule;

/** A NAB-style corpus: CSV series under a data folder, and a windows file labelling them. */
public final class NabCorpus {

    private static final DateTimeFormatter LABEL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]");

    /** One labelled series. */
    public record Series(String name, SeriesCsv csv, List<NabScorer.Window> windows) {
        public double[] values() {
            return csv.values();
        }

        /** The series' category: the folder its name starts with (NAB's {@code realTweets}, the sensors' {@code sensors}). */
        public String category() {
            int slash = name.indexOf('/');
            return slash < 0 ? "-" : name.substring(0, slash);
        }
    }

    /** Scores of one profile over the corpus, normalised as NAB does: null detector 0, perfect 100. */
    public record ProfileScore(NabScorer.Profile profile, double score, List<NabScorer.FileScore> files) {}

    /**
     * Counts over the corpus under one profile: windows and those detected, flags scored and those inside
     * windows, and the series without anomalies with the largest share of values flagged (every value,
     * probation included), or "-" when there is none.
     */
    public record Totals(int windows, int detected, long flags, long inside, double worstCleanPercent, String worstClean) {}

    private final List<Series> series;
    private final FaultList faults;
    // The series (by index) of the corpora that list their faults: only their values and flags are judged as
    // faults and false alarms (a NAB series beside them has no faults.json; its flags are no sensor's false alarms).
    private final java.util.BitSet listed;

    private NabCorpus(List<Series> series, FaultList faults, java.util.BitSet listed) {
        this.series = series;
        this.faults = faults;
        this.listed = listed;
    }

    /** The faults listed beside the labels ({@code faults.json} next to their folder), empty if there are none. */
    public FaultList faults() {
        return faults;
    }

    /**
     * Loads several corpora as one: each {@code data.get(i)} with the labels {@code labels.get(i)}, and the
     * faults listed in a {@code faults.json} beside each labels' folder (as {@code make_series.py} writes).
     */
    public static NabCorpus load(List<Path> data, List<Path> labels) {
        if (data.size() != labels.size()) {
            throw new UserError("give one --labels per --data (" + data.size() + " --data, " + labels.size() + " --labels)");
        }
        List<Series> series = new ArrayList<>();
        List<FaultList.Fault> faults = new ArrayList<>();
        java.util.BitSet listed = new java.util.BitSet();
        for (int i = 0; i < data.size(); i++) {
            NabCorpus one = load(data.get(i), labels.get(i));
            int offset = series.size();
            one.listed.stream().forEach(k -> listed.set(offset + k));
            series.addAll(one.series);
            faults.addAll(one.faults.faults());
        }
        return new NabCorpus(series, new FaultList(faults), listed);
    }

    public List<Series> series() {
        return series;
    }

    /** Loads every series the labels name, from {@code data}/{@code name}. */
    public static NabCorpus load(Path data, Path labels) {
        Object json;
        try {
            json = JSON.std.anyFrom(Files.readString(labels));
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new UserError(labels + " is not JSON" + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")")
                    + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UserError("cannot read labels " + labels + ": " + e.getMessage(), e);
        }
        if (!(json instanceof Map<?, ?> map)) {
            throw new UserError(labels + " is not a NAB windows file: expected an object of file -> windows");
        }
        List<Series> out = new ArrayList<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String name = e.getKey().toString();
            Path file = data.resolve(name);
            if (!Files.isRegularFile(file)) {
                throw new UserError("labelled series " + name + " is not under " + data);
            }
            SeriesCsv csv = SeriesCsv.read(file);
            List<LocalDateTime[]> limits = new ArrayList<>();
            if (!(e.getValue() instanceof List<?> windows)) {
                throw new UserError(labels + ": " + name + ": expected a list of [start, end] windows");
            }
            for (Object w : windows) {
                if (!(w instanceof List<?> pair) || pair.size() != 2) {
                    throw new UserError(labels + ": " + name + ": expected a window as [start, end], got " + w);
                }
                try {
                    limits.add(new LocalDateTime[] {
                        LocalDateTime.parse(pair.get(0).toString(), LABEL_TIME), LocalDateTime.parse(pair.get(1).toString(), LABEL_TIME)});
                } catch (java.time.format.DateTimeParseException x) {
                    throw new UserError(labels + ": " + name + ": expected times as yyyy-MM-dd HH:mm:ss.SSSSSS, got " + w);
                }
            }
            out.add(new Series(name, csv, NabScorer.windows(csv.times(), limits)));
        }
        Path parent = labels.toAbsolutePath().getParent();
        Path listed = parent == null || parent.getParent() == null ? null : parent.getParent().resolve("faults.json");
        java.util.BitSet all = new java.util.BitSet();
        if (listed != null && Files.isRegularFile(listed)) {
            all.set(0, out.size());
            return new NabCorpus(out, FaultList.read(listed), all);
        }
        return new NabCorpus(out, new FaultList(List.of()), all);
    }

    /** Runs a detector with {@code settings} on every series (each with the seed of its name), in the corpus's order. */
    public List<Decision[]> judge(DetectorSettings settings, Long seed) {
        return seed != null ? judge(settings, s -> seed) : judgeReplica(settings, 0);
    }

    /**
     * As {@link #judge(DetectorSettings, Long)} with each series' {@code replica}-th seed: the one partition
     * {@code replica} of a topic named as the series would get (0: the seed of its name).
     */
    public List<Decision[]> judgeReplica(DetectorSettings settings, int replica) {
        return judge(settings, s -> Detector.seedOf(s.name(), replica));
    }

    private List<Decision[]> judge(DetectorSettings settings, java.util.function.ToLongFunction<Series> seed) {
        return series.parallelStream() // each series its own detector: the order of the list is kept
                .map(s -> Detector.create(settings, seed.applyAsLong(s)).judgeAll(s.csv().micros(), s.values()))
                .toList();
    }

    /** Which values the detector called anomalies. */
    public static boolean[] flags(Decision[] decisions) {
        boolean[] out = new boolean[decisions.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = decisions[i].anomaly();
        }
        return out;
    }

    /** Which values would be anomalies under {@code rule} instead (the rest of the detector unchanged). */
    public static boolean[] flags(Decision[] decisions, DecisionRule rule) {
        boolean[] out = new boolean[decisions.length];
        for (int i = 0; i < out.length; i++) {
            Decision d = decisions[i];
            out[i] = d.evidence() != null && rule.decide(d.evidence(), d.score()) == Verdict.ANOMALY;
        }
        return out;
    }

    /** Scores detections (one array per series, in the corpus's order) under every profile. */
    public List<ProfileScore> score(List<boolean[]> detections) {
        List<ProfileScore> out = new ArrayList<>();
        for (NabScorer.Profile p : NabScorer.Profile.ALL) {
            List<NabScorer.FileScore> files = new ArrayList<>();
            for (int i = 0; i < series.size(); i++) {
                files.add(NabScorer.score(detections.get(i), series.get(i).windows(), p));
            }
            out.add(new ProfileScore(p, normalised(files, i -> true), files));
        }
        return out;
    }

    /** The categories of the series, in the order they first appear. */
    public List<String> categories() {
        return series.stream().map(Series::category).distinct().toList();
    }

    /**
     * NAB's normalised score (null detector 0, perfect 100) over the series {@code keep} accepts (by index),
     * as if they were the whole corpus; NaN when they hold no window.
     */
    public static double normalised(List<NabScorer.FileScore> files, java.util.function.IntPredicate keep) {
        double raw = 0;
        double nul = 0;
        double perfect = 0;
        for (int i = 0; i < files.size(); i++) {
            if (keep.test(i)) {
                NabScorer.FileScore f = files.get(i);
                raw += f.raw();
                nul += f.nullScore();
                perfect += f.perfect();
            }
        }
        return perfect == nul ? Double.NaN : 100 * (raw - nul) / (perfect - nul);
    }

    /** The score of one category's series alone. */
    public double categoryScore(ProfileScore scores, String category) {
        return normalised(scores.files(), i -> series.get(i).category().equals(category));
    }

    /** The score of every series but one category's (a leave-one-category-out fold). */
    public double scoreWithout(ProfileScore scores, String category) {
        return normalised(scores.files(), i -> !series.get(i).category().equals(category));
    }

    /**
     * The corpus's faults scored on {@code decisions} (one array per series, in the corpus's order), over the
     * series of the corpora that list their faults only.
     */
    public FaultList.Score faultScore(List<Decision[]> decisions) {
        List<String> names = new ArrayList<>();
        List<boolean[]> flags = new ArrayList<>();
        List<Long> judged = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            if (listed.get(i)) {
                names.add(series.get(i).name());
                flags.add(flags(decisions.get(i)));
                judged.add(java.util.Arrays.stream(decisions.get(i)).filter(d -> d.state() != Verdict.INITIALISING).count());
            }
        }
        return faults.score(names, flags, judged.stream().mapToLong(Long::longValue).toArray());
    }

    /**
     * Flags per day of sensor time on the series without anomalies, by category (in its order): every flag there
     * is a false alarm, and a day is the time from a series' earliest reading to its latest. Categories with an
     * anomaly window anywhere are left out.
     */
    public java.util.Map<String, Double> falseAlarmsPerDay(ProfileScore scores) {
        java.util.Map<String, long[]> flagsAndMicros = new java.util.LinkedHashMap<>();
        java.util.Set<String> withWindows = new java.util.HashSet<>();
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            NabScorer.FileScore f = scores.files().get(i);
            if (f.windows() > 0) {
                withWindows.add(s.category());
                continue;
            }
            long[] micros = s.csv().micros();
            if (micros.length < 2) {
                continue; // no time to count a rate in
            }
            // From the earliest reading to the latest: a clock that stepped back does not shorten it.
            long span = java.util.Arrays.stream(micros).max().orElseThrow() - java.util.Arrays.stream(micros).min().orElseThrow();
            long[] c = flagsAndMicros.computeIfAbsent(s.category(), k -> new long[2]);
            c[0] += f.flagged();
            c[1] += span;
        }
        java.util.Map<String, Double> perDay = new java.util.LinkedHashMap<>();
        flagsAndMicros.forEach((category, c) -> {
            if (!withWindows.contains(category) && c[1] > 0) {
                perDay.put(category, c[0] / (c[1] / 86_400e6));
            }
        });
        return perDay;
    }

    public Totals totals(ProfileScore scores) {
        int windows = 0;
        int detected = 0;
        long flags = 0;
        long inside = 0;
        double worstClean = 0;
        String worstCleanName = "-";
        for (int i = 0; i < series.size(); i++) {
            NabScorer.FileScore f = scores.files().get(i);
            windows += f.windows();
            detected += f.windowsDetected();
            flags += f.detections();
            inside += f.detectionsInWindows();
            if (f.windows() == 0) {
                double rate = 100.0 * f.flagged() / series.get(i).values().length;
                if (rate >= worstClean) {
                    worstClean = rate;
                    worstCleanName = series.get(i).name();
                }
            }
        }
        return new Totals(windows, detected, flags, inside, worstClean, worstCleanName);
    }
}
