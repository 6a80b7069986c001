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

    static JFreeChart chart(String title, LoadedLog series, List<LoadedLog> detectors, int width) {
        long from = series.timesMicros()[0];
        long to = series.timesMicros()[series.size() - 1];
        int columns = Math.max(1, width);

        XYSeries line = new XYSeries(series.metadata().topic(), false, true);
        long[] times = series.timesMicros();
        long usualStep = Decimation.usualStep(times);
        int previous = -1;
        for (int i : Decimation.minMax(times, series.values(), from, to, columns)) {
            if (previous >= 0 && Decimation.breaksBetween(times, previous, i, usualStep)) {
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
        XYPlot plot = new XYPlot(new XYSeriesCollection(line), time, value, renderer);
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
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(false); // crisp one-pixel markers in their exact colours
        return chart;
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
