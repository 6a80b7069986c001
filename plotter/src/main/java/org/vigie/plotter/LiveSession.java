package org.vigie.plotter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntConsumer;
import org.vigie.common.State;
import org.vigie.common.cli.UserError;
import org.vigie.common.recordlog.LogMetadata;

/**
 * The logs a live view serves, grouped in panels (one per topic: its reference log, or its first detector
 * log's values, and its detectors' logs), followed as they grow. One reader per log, whatever the number of
 * pages: {@link #tick()} reads what was appended and tells the listeners which panels grew; a page then asks
 * for its view, decimated on the server ({@link #view}). Read-only: the files are opened for reading only.
 */
final class LiveSession implements AutoCloseable {

    /** How many of the latest anomalies a view lists. */
    static final int LATEST_ANOMALIES = 50;

    /** One topic: its series and its detectors. */
    private static final class Panel {
        final String topic;
        final LiveSource series; // the reference log, or the first detector log when there is none
        final List<LiveSource> detectors = new ArrayList<>();

        Panel(String topic, LiveSource series) {
            this.topic = topic;
            this.series = series;
        }
    }

    private final List<Panel> panels = new ArrayList<>();
    private long[] versions = new long[0]; // per panel, one more each time it grows: what a cached view is of
    private final List<IntConsumer> listeners = new CopyOnWriteArrayList<>();
    private KafkaFeed feed; // when the panel's data come from Kafka, not logs

    private LiveSession() {}

    /**
     * Groups {@code logs} by topic: a panel per reference log, its topic's detector logs beside it (a topic with
     * detector logs only draws its first one's values).
     */
    static LiveSession open(List<Path> logs) {
        LiveSession s = new LiveSession();
        Map<String, Panel> byTopic = new LinkedHashMap<>();
        List<LiveSource.OfLog> detectorLogs = new ArrayList<>();
        for (Path p : logs) {
            LiveSource.OfLog f = new LiveSource.OfLog(p);
            LogMetadata m = f.log.metadata();
            if (m.kind() == LogMetadata.Kind.REFERENCE) {
                if (byTopic.containsKey(m.topic()) && byTopic.get(m.topic()).series.algorithm() == null) {
                    throw new UserError("two reference logs of topic " + m.topic() + ": give one per topic");
                }
                byTopic.put(m.topic(), new Panel(m.topic(), f));
            } else {
                detectorLogs.add(f);
            }
        }
        for (LiveSource.OfLog d : detectorLogs) {
            String topic = d.log.metadata().topic();
            byTopic.computeIfAbsent(topic, t -> new Panel(t, d)).detectors.add(d);
        }
        s.panels.addAll(byTopic.values());
        s.versions = new long[s.panels.size()];
        s.tick();
        return s;
    }

    /**
     * A panel fed from Kafka: {@code topic}'s values, and the anomaly events of {@code eventTopics} (the
     * detectors' {@code --output-topic}) that are about it, one detector per algorithm (DBSCAN and
     * IsolationForest). Read by a consumer of its own, in no group: it commits nothing.
     */
    static LiveSession kafka(java.util.Properties consumerProps, String topic, List<String> eventTopics) {
        LiveSession s = new LiveSession();
        s.feed = KafkaFeed.open(consumerProps, topic, eventTopics);
        Panel p = new Panel(topic, s.feed.series());
        p.detectors.addAll(s.feed.detectors());
        s.panels.add(p);
        s.versions = new long[1];
        s.tick();
        return s;
    }

    int panels() {
        return panels.size();
    }

    /** The logs whose values the panels draw (none for a panel fed from Kafka). */
    List<java.nio.file.Path> seriesLogs() {
        List<java.nio.file.Path> files = new ArrayList<>();
        for (Panel p : panels) {
            if (p.series instanceof LiveSource.OfLog f) {
                files.add(f.file());
            }
        }
        return files;
    }

    /** Panel {@code id}'s version: it changes each time the panel grows. */
    synchronized long version(int id) {
        return versions[id];
    }

    /** Calls {@code listener} with a panel's index each time it grows (or a log of it goes wrong). */
    void listen(IntConsumer listener) {
        listeners.add(listener);
    }

    void unlisten(IntConsumer listener) {
        listeners.remove(listener);
    }

    /** Reads what each log gained since the last tick, and tells the listeners which panels changed. */
    void tick() {
        KafkaFeed.Batch batch = feed == null ? null : feed.fetch(); // outside the lock: Kafka may take seconds to answer
        for (int i = 0; i < panels.size(); i++) {
            boolean grew;
            synchronized (this) {
                if (batch != null && i == 0) {
                    feed.apply(batch); // fills the panel's columns; each then says whether it grew
                }
                Panel p = panels.get(i);
                grew = p.series.grow();
                for (LiveSource d : p.detectors) {
                    if (d != p.series) {
                        grew |= d.grow();
                    }
                }
            }
            if (grew) {
                synchronized (this) {
                    versions[i]++;
                }
                for (IntConsumer l : listeners) {
                    l.accept(i);
                }
            }
        }
    }

    /** The panels, their detectors and colours (the PNG's): what a page lays out. */
    synchronized Map<String, Object> layout() {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < panels.size(); i++) {
            Panel p = panels.get(i);
            List<Object> detectors = new ArrayList<>();
            List<java.awt.Color> colours = ChartRenderer.coloursOf(p.detectors.stream().map(LiveSource::algorithm).toList());
            for (int k = 0; k < p.detectors.size(); k++) {
                LiveSource d = p.detectors.get(k);
                java.awt.Color c = colours.get(k);
                detectors.add(Map.of("name", d.label(), "algorithm", String.valueOf(d.algorithm()),
                        "colour", String.format("#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue())));
            }
            out.add(Map.of("id", i, "topic", p.topic, "series", p.series.label(), "detectors", detectors));
        }
        return Map.of("panels", out);
    }

    /**
     * Panel {@code id}'s view between {@code fromMicros} and {@code toMicros} (the whole series when null), at
     * most about {@code columns} pixel columns' worth of points: times (s), values, and per detector the state
     * and score it gave each point drawn (every anomaly's point is drawn, whatever the decimation); the spans
     * each detector was initialising; its latest anomalies; and what went wrong with its logs. Where the clock
     * stepped back, the points are in time order with {@code behind} saying which lie behind an earlier time
     * (the page draws them as a second line over the first pass: {@link ClockLayers}).
     */
    synchronized Map<String, Object> view(int id, Long fromMicros, Long toMicros, int columns) {
        Panel p = panels.get(id);
        LiveSource s = p.series;
        int n = s.size();
        long[] times = s.times();
        double[] values = s.values();
        ClockLayers layers = s.layers();
        long from = fromMicros != null ? fromMicros : n > 0 ? layers.earliest(times) : 0;
        long to = toMicros != null ? toMicros : n > 0 ? times[layers.ahead[layers.ahead.length - 1]] : 0; // the latest time
        // Each layer's points drawn, a break (-1, no value: the line stops) where the data have a gap or the
        // line would leave its stretch; then both layers merged in time order.
        List<Integer> flagged = new ArrayList<>(); // the series' records an anomaly in range stands on, every detector's
        for (LiveSource dl : p.detectors) {
            for (int j = 0; j < dl.size(); j++) {
                if (dl.states()[j] == State.ANOMALY && dl.times()[j] >= from && dl.times()[j] <= to) {
                    int record = dl == s ? j : s.find(dl.times()[j], dl.occurrence(j));
                    if (record >= 0) {
                        flagged.add(record);
                    }
                }
            }
        }
        List<Slot> slots = new ArrayList<>();
        List<Double> inRange = new ArrayList<>();
        for (int[] layer : new int[][] {layers.ahead, layers.behind}) {
            boolean behind = layer == layers.behind;
            int lo = ClockLayers.lowerBound(times, layer, from);
            int hi = to == Long.MAX_VALUE ? layer.length : ClockLayers.lowerBound(times, layer, to + 1);
            long[] rangeTimes = new long[hi - lo];
            double[] rangeValues = new double[hi - lo];
            for (int k = lo; k < hi; k++) {
                rangeTimes[k - lo] = times[layer[k]];
                rangeValues[k - lo] = values[layer[k]];
                inRange.add(values[layer[k]]);
            }
            long usualStep = Decimation.usualStep(rangeTimes);
            java.util.TreeSet<Integer> drawn = new java.util.TreeSet<>();
            for (int k : Decimation.minMax(rangeTimes, rangeValues, from, to, columns)) {
                drawn.add(lo + k);
            }
            for (int record : flagged) { // every anomaly in range stands where it was flagged
                int at = ClockLayers.positionIn(times, layer, record);
                if (at >= 0) {
                    drawn.add(at);
                }
            }
            int previous = -1;
            for (int k : drawn) {
                int record = layer[k];
                if (previous >= 0) {
                    int before = layer[previous];
                    if (!layers.joined(before, record)
                            || (k == previous + 1 && Decimation.breaksBetween(times[before], times[record], usualStep))) {
                        slots.add(new Slot(-1, (times[before] + times[record]) / 2, behind)); // no line across
                    }
                }
                slots.add(new Slot(record, times[record], behind));
                previous = k;
            }
        }
        slots.sort(java.util.Comparator.comparingLong(Slot::micros)); // stable: the first pass before the repeat
        int m = slots.size();
        double[] t = new double[m];
        double[] v = new double[m];
        int[] behind = new int[m];
        for (int k = 0; k < m; k++) {
            Slot slot = slots.get(k);
            t[k] = slot.micros() / 1e6;
            v[k] = slot.record() >= 0 ? values[slot.record()] : Double.NaN; // null in JSON: no line across
            behind[k] = slot.behind() ? 1 : 0;
        }
        List<Object> detectors = new ArrayList<>();
        List<Map<String, Object>> anomalies = new ArrayList<>();
        for (int di = 0; di < p.detectors.size(); di++) {
            LiveSource dl = p.detectors.get(di);
            int[] states = new int[m];
            double[] scores = new double[m];
            for (int k = 0; k < m; k++) {
                int i = slots.get(k).record();
                int j = i < 0 ? -1 : dl == s ? i : dl.find(times[i], s.occurrence(i));
                states[k] = j < 0 ? 0 : dl.states()[j].code();
                scores[k] = j < 0 ? Double.NaN : dl.scores()[j];
            }
            List<long[]> init = Spans.of(dl.times(), dl.states(), dl.size(), State.INITIALISING);
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("states", states);
            d.put("scores", finiteOrNull(scores));
            d.put("initialising", init.stream().map(sp -> new double[] {sp[0] / 1e6, sp[1] / 1e6}).toList());
            detectors.add(d);
            for (int j = dl.size() - 1, listed = 0; j >= 0 && listed < LATEST_ANOMALIES; j--) {
                if (dl.states()[j] == State.ANOMALY) {
                    Map<String, Object> a = new LinkedHashMap<>();
                    a.put("detector", di);
                    a.put("t", dl.times()[j] / 1e6);
                    a.put("value", finiteOrNull(dl.values()[j]));
                    a.put("score", finiteOrNull(dl.scores()[j]));
                    anomalies.add(a);
                    listed++;
                }
            }
        }
        anomalies.sort((a, b) -> Double.compare((double) b.get("t"), (double) a.get("t")));
        List<String> problems = new ArrayList<>();
        if (p.series.problem() != null) {
            problems.add(p.series.problem());
        }
        for (LiveSource d : p.detectors) {
            if (d.problem() != null && d != p.series) {
                problems.add(d.problem());
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("records", n);
        out.put("t", t);
        out.put("v", finiteOrNull(v));
        if (!layers.inOrder()) {
            out.put("behind", behind);
        }
        out.put("readable", readable(inRange.stream().mapToDouble(Double::doubleValue).toArray()));
        out.put("detectors", detectors);
        out.put("anomalies", anomalies.subList(0, Math.min(LATEST_ANOMALIES, anomalies.size())));
        out.put("problems", problems);
        out.put("clock", s.clockLines());
        return out;
    }

    /**
     * The value axis that keeps the signal readable when outliers lie far from it, taken from the values in the
     * view's range as the PNG's is from its series ({@link ChartRenderer#readableRange}), with the extremes beyond
     * it for the page to name at its edges; null when the whole range reads.
     */
    private static Map<String, Double> readable(double[] inRange) {
        double[] finite = java.util.Arrays.stream(inRange).filter(Double::isFinite).toArray();
        double[] range = ChartRenderer.readableRange(finite, finite.length, false);
        if (range == null) {
            return null;
        }
        Map<String, Double> r = new LinkedHashMap<>();
        r.put("low", range[0]);
        r.put("high", range[1]);
        r.put("min", java.util.Arrays.stream(finite).min().orElseThrow());
        r.put("max", java.util.Arrays.stream(finite).max().orElseThrow());
        return r;
    }

    /** A point of a view ({@code record} -1: a break in the line), and whether it lies behind an earlier time. */
    private record Slot(int record, long micros, boolean behind) {}

    /** JSON has no NaN or infinity: null instead. */
    private static Object[] finiteOrNull(double[] xs) {
        Object[] out = new Object[xs.length];
        for (int i = 0; i < xs.length; i++) {
            out[i] = finiteOrNull(xs[i]);
        }
        return out;
    }

    private static Object finiteOrNull(double x) {
        return Double.isFinite(x) ? x : null;
    }

    @Override
    public synchronized void close() throws IOException {
        for (Panel p : panels) {
            p.series.close();
            for (LiveSource d : p.detectors) {
                if (d != p.series) {
                    d.close();
                }
            }
        }
        if (feed != null) {
            feed.close();
        }
    }
}
