package org.vigie.plotter;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Rectangle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGUtils;
import org.vigie.common.State;

/** Draws the series and the detectors' markers with JFreeChart: the seed's picture, on a real time axis. */
final class ChartRenderer {

    /** The seed's colours: the series in blue, initialisation in black, DBSCAN red, IsolationForest green. */
    static final Color SERIES = Color.BLUE;
    static final Color INITIALISING = Color.BLACK;
    /** Initialisation's band: the seed's black, light enough that the series shows through it. */
    static final Color INITIALISING_BAND = new Color(0, 0, 0, 40);
    static final Color DBSCAN = Color.RED;
    static final Color IFOREST = new Color(0, 160, 0);
    private static final Color[] OTHERS = {new Color(255, 140, 0), new Color(148, 0, 211), new Color(0, 170, 170),
        new Color(160, 82, 45), new Color(255, 0, 255)};

    private ChartRenderer() {}

    /** Each detector's colour, in order: DBSCAN red, IsolationForest green, the others' colours in turn. */
    static List<Color> coloursOf(List<String> algorithms) {
        List<Color> colours = new ArrayList<>();
        int others = 0;
        for (String algorithm : algorithms) {
            colours.add("dbscan".equals(algorithm) ? DBSCAN : "iforest".equals(algorithm) ? IFOREST : OTHERS[others++ % OTHERS.length]);
        }
        return colours;
    }

    /**
     * The value axis's range that keeps the sensor's own signal readable: the span of its middle 99 % (0.5th to
     * 99.5th percentile) with a quarter of that span as margin, when values lie more than {@link #FAR} spans
     * beyond it (a glitch ten times the signal's range would otherwise flatten it to a line; a noise's own tail
     * lies within one); null when everything lies nearer, when the middle 99 % is one value (a flat signal is a
     * line whatever the axis), or with {@code full}. Values beyond are still drawn, off the edge, and the
     * extremes named on it.
     */
    static double[] readableRange(double[] values, int size, boolean full) {
        if (full || size < 20) {
            return null;
        }
        double[] sorted = java.util.Arrays.copyOf(values, size);
        java.util.Arrays.sort(sorted);
        double low = sorted[(int) (0.005 * (size - 1))];
        double high = sorted[(int) Math.ceil(0.995 * (size - 1))];
        double span = high - low;
        if (!(span > 0) || !Double.isFinite(span)) {
            return null;
        }
        boolean far = sorted[0] < low - FAR * span || sorted[size - 1] > high + FAR * span;
        return far ? new double[] {low - 0.25 * span, high + 0.25 * span} : null;
    }

    /** How far past the signal's middle 99 %, in its spans, a value must lie for the axis to leave it out. */
    static final double FAR = 3;

    static JFreeChart chart(String title, LoadedLog series, List<LoadedLog> detectors, int width) {
        return chart(title, series, detectors, width, false);
    }

    static JFreeChart chart(String title, LoadedLog series, List<LoadedLog> detectors, int width, boolean fullRange) {
        long from = series.timesMicros()[0];
        long to = series.timesMicros()[series.size() - 1];
        int columns = Math.max(1, width);

        XYSeries line = new XYSeries(series.metadata().topic(), false, true);
        long[] times = series.timesMicros();
        long usualStep = Decimation.usualStep(times);
        int previous = -1;
        for (int i : Decimation.minMax(times, series.values(), from, to, columns)) {
            if (previous >= 0 && times[i] < times[previous]) {
                line.add(times[i] / 1000.0, null, false); // the clock stepped back: no line back across the time already drawn
            } else if (previous >= 0 && Decimation.breaksBetween(times, previous, i, usualStep)) {
                line.add((times[previous] + times[i]) / 2000.0, null, false); // a gap in the data: no line across it
            }
            line.add(times[i] / 1000.0, series.values()[i], false);
            previous = i;
        }
        DateAxis time = new DateAxis("time");
        time.setLowerMargin(0.01);
        time.setUpperMargin(0.01);
        NumberAxis value = new NumberAxis(series.metadata().topic());
        value.setAutoRangeIncludesZero(false);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setSeriesPaint(0, SERIES);
        renderer.setSeriesStroke(0, new BasicStroke(1.0f));
        XYSeriesCollection data = new XYSeriesCollection(line);
        XYPlot plot = new XYPlot(data, time, value, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);

        LegendItemCollection legend = new LegendItemCollection();
        legend.add(new LegendItem(series.metadata().label(), SERIES));
        BasicStroke thin = new BasicStroke(1.0f);
        boolean anyInitialising = false;
        List<long[]> initialising = new ArrayList<>(); // spans
        List<long[]> anomalies = new ArrayList<>();
        List<long[]> markers = new ArrayList<>();
        Map<Long, List<Integer>> flaggedBy = new HashMap<>(); // pixel column -> detectors with a marker there
        for (int k = 0; k < detectors.size(); k++) {
            anomalies.add(timesOf(detectors.get(k), State.ANOMALY));
            long[] merged = Decimation.mergeMarkers(anomalies.get(k), from, to, columns);
            markers.add(merged);
            for (long t : merged) {
                flaggedBy.computeIfAbsent(Decimation.column(t, from, to, columns), c -> new ArrayList<>()).add(k);
            }
        }
        List<Color> colours = coloursOf(detectors.stream().map(d -> d.metadata().algorithm()).toList());
        for (int k = 0; k < detectors.size(); k++) {
            LoadedLog d = detectors.get(k);
            Color colour = colours.get(k);
            for (long t : markers.get(k)) {
                List<Integer> sharers = flaggedBy.get(Decimation.column(t, from, to, columns));
                BasicStroke stroke = sharers.size() == 1 ? thin : shared(sharers.size(), sharers.indexOf(k));
                plot.addDomainMarker(new ValueMarker(t / 1000.0, colour, stroke), Layer.BACKGROUND);
            }
            // Each anomaly also as a point on its value, as the seed's scatter drew them: a marker on a spike is then
            // told from the spike itself.
            XYSeries points = new XYSeries(k + ": " + d.metadata().label() + " anomalies", false, true); // two logs may share a label
            for (int i = 0; i < d.size(); i++) {
                if (d.states()[i] == State.ANOMALY && d.timesMicros()[i] >= from && d.timesMicros()[i] <= to) {
                    points.add(d.timesMicros()[i] / 1000.0, d.values()[i], false);
                }
            }
            int index = data.getSeriesCount();
            data.addSeries(points);
            renderer.setSeriesLinesVisible(index, false);
            renderer.setSeriesShapesVisible(index, true);
            renderer.setSeriesShape(index, new java.awt.geom.Ellipse2D.Double(-3, -3, 6, 6));
            renderer.setSeriesPaint(index, colour);
            List<long[]> init = Spans.of(d.timesMicros(), d.states(), d.size(), State.INITIALISING);
            initialising.addAll(init);
            anyInitialising |= !init.isEmpty();
            legend.add(new LegendItem(d.metadata().label() + ": " + anomalies.get(k).length + " anomalies", colour));
        }
        // Initialisation as a light band over its span, not a black line per value (a curtain over the series).
        // One band where several detectors initialise at once, so that its shade says "initialising", not how many.
        for (long[] span : Spans.union(initialising)) {
            IntervalMarker band = new IntervalMarker(span[0] / 1000.0, span[1] / 1000.0, INITIALISING_BAND);
            band.setAlpha(1f); // the colour's own alpha
            plot.addDomainMarker(band, Layer.BACKGROUND);
        }
        if (anyInitialising) {
            legend.add(new LegendItem("initialising (shaded)", INITIALISING_BAND));
        }
        plot.setFixedLegendItems(legend);
        double[] readable = readableRange(series.values(), series.size(), fullRange);
        if (readable != null) {
            value.setRange(readable[0], readable[1]);
            annotateBeyond(plot, series, readable);
        }
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        if (readable != null) {
            chart.addSubtitle(new org.jfree.chart.title.TextTitle("values axis fitted to the signal: values beyond it run off the edge (--full-range shows all)",
                    new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 11)));
        }
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(false); // crisp one-pixel markers in their exact colours
        return chart;
    }

    /** The highest value above the range and the lowest below it, named at the edge where they leave it. */
    private static void annotateBeyond(XYPlot plot, LoadedLog series, double[] range) {
        int highest = -1;
        int lowest = -1;
        double[] v = series.values();
        for (int i = 0; i < series.size(); i++) {
            if (v[i] > range[1] && (highest < 0 || v[i] > v[highest])) {
                highest = i;
            }
            if (v[i] < range[0] && (lowest < 0 || v[i] < v[lowest])) {
                lowest = i;
            }
        }
        double pad = 0.04 * (range[1] - range[0]);
        for (int i : new int[] {highest, lowest}) {
            if (i >= 0) {
                boolean up = v[i] > range[1];
                org.jfree.chart.annotations.XYTextAnnotation a = new org.jfree.chart.annotations.XYTextAnnotation(
                        (up ? "\u2191 " : "\u2193 ") + v[i], series.timesMicros()[i] / 1000.0, up ? range[1] - pad : range[0] + pad);
                a.setPaint(Color.DARK_GRAY);
                plot.addAnnotation(a);
            }
        }
    }

    /**
     * Where {@code of} detectors flagged the same pixel column, each draws every {@code of}-th dash of the
     * line, so the column shows every colour instead of the last one drawn.
     */
    private static BasicStroke shared(int of, int index) {
        float dash = 6f;
        return new BasicStroke(1.0f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {dash, dash * (of - 1)}, dash * ((of - index) % of));
    }

    static void write(JFreeChart chart, Path out, boolean svg, int width, int height) throws IOException {
        if (svg) {
            SVGGraphics2D g = new SVGGraphics2D(width, height);
            chart.draw(g, new Rectangle(0, 0, width, height));
            SVGUtils.writeToSVG(out.toFile(), g.getSVGElement());
        } else {
            ChartUtils.saveChartAsPNG(out.toFile(), chart, width, height);
        }
    }

    private static long[] timesOf(LoadedLog log, State state) {
        long[] out = new long[log.size()];
        int k = 0;
        for (int i = 0; i < log.size(); i++) {
            if (log.states()[i] == state) {
                out[k++] = log.timesMicros()[i];
            }
        }
        return java.util.Arrays.copyOf(out, k);
    }
}
