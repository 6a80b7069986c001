package org.vigie.engine.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.vigie.engine.Evidence;

/** The forest's outlier call: isolated, and not a repeat of a change the sensor made before and stayed with. */
class IsolationForestModelTest {

    private static final int WINDOW = 20;

    /**
     * Given a forest on a Gaussian cloud, when a far point is an outlier and the next value stays there (a lasting
     * change), then the same point again is an outlier within its window and not past it, until {@link
     * IsolationForestModel.Options#DEFAULT_REPEAT_REACH} values have gone by; a point 1.5 radii from it, and a glitch the next value
     * left (never remembered), are outliers each time.
     */
    @Test
    void aRepeatOfALastingOutlierIsNotAnOutlierWithinReach() {
        SplittableRandom r = new SplittableRandom(3);
        Memory memory = cloud(r, 1);
        IsolationForestModel model = fitted(memory, new double[] {1, 1});
        double[] change = {8, 8};
        double[] elsewhere = {8 + 1.5 * IsolationForestModel.REPEAT_RADIUS, 8};
        double[] glitch = {-8, 8};

        assertTrue(judge(model, change).outlier(), "a change never seen is an outlier");
        model.settled(true); // the next value stayed with it
        addNormal(memory, r, WINDOW - 1);
        assertTrue(judge(model, change).outlier(), "within its window it is the same change, still an outlier");
        model.settled(false);
        addNormal(memory, r, 2);
        Evidence.Isolation repeat = judge(model, change);
        assertTrue(repeat.anomalyScore() > repeat.offset() && repeat.repeat() && !repeat.outlier(), "past its window it repeats it: " + repeat);
        model.settled(false);
        assertTrue(judge(model, elsewhere).outlier(), "a change 1.5 radii away is new");
        model.settled(false);

        for (int k = 0; k < 3; k++) {
            assertTrue(judge(model, glitch).outlier(), "a glitch the next value leaves, time " + k);
            model.settled(false);
            addNormal(memory, r, 2 * WINDOW);
        }

        addNormal(memory, r, IsolationForestModel.Options.DEFAULT_REPEAT_REACH);
        assertTrue(judge(model, change).outlier(), "forgotten past the reach");
    }

    /**
     * Given a lasting outlier remembered under weights of 4 and 1, when outliers near it are judged, then the radius is
     * read in weighted units (half a unit off on the first coordinate is 2, within 2.5; 0.7 is 2.8, past it; 2.4 off on
     * the second is within, 2.6 past), and its window ends exactly {@code window} values after it.
     */
    @Test
    void theRadiusIsWeightedAndTheWindowExact() {
        SplittableRandom r = new SplittableRandom(11);
        Memory memory = cloud(r, 4);
        IsolationForestModel model = fitted(memory, new double[] {4, 1});
        assertTrue(judge(model, new double[] {8, 8}).outlier());
        model.settled(true);
        addNormal(memory, r, WINDOW); // it is the first of the window values before the next one judged
        assertFalse(judge(model, new double[] {8, 8}).repeat(), "the last value whose window holds it");
        model.settled(false);
        addNormal(memory, r, 1);
        for (double[] near : new double[][] {{8, 8}, {8.5, 8}, {8, 10.4}}) {
            Evidence.Isolation e = judge(model, near);
            assertTrue(e.repeat() && !e.outlier(), java.util.Arrays.toString(near) + ": " + e);
            model.settled(false);
        }
        for (double[] far : new double[][] {{8.7, 8}, {8, 10.6}}) {
            Evidence.Isolation e = judge(model, far);
            assertTrue(e.outlier() && !e.repeat(), java.util.Arrays.toString(far) + ": " + e);
            model.settled(false);
        }
    }

    /** Given a forest, when an ordinary value is judged and the next stays with it, then nothing is remembered: it is no outlier. */
    @Test
    void onlyOutliersAreRemembered() {
        SplittableRandom r = new SplittableRandom(5);
        Memory memory = cloud(r, 1);
        IsolationForestModel model = fitted(memory, new double[] {1, 1});
        Evidence.Isolation centre = judge(model, new double[] {0, 0});
        assertFalse(centre.outlier() || centre.repeat(), "the cloud's centre: " + centre);
        model.settled(true);
        addNormal(memory, r, 2 * WINDOW);
        Evidence.Isolation far = judge(model, new double[] {0.5, 0.5});
        assertFalse(far.repeat(), "no repeat of a value that was no outlier: " + far);
    }

    /** A memory of 1,000 Gaussian vectors, the first coordinate's divided by {@code narrower}. */
    private static Memory cloud(SplittableRandom r, double narrower) {
        Memory memory = new Memory(1000, 2);
        for (int i = 0; i < 1000; i++) {
            memory.add(new double[] {r.nextGaussian() / narrower, r.nextGaussian()}, i);
        }
        return memory;
    }

    private static IsolationForestModel fitted(Memory memory, double[] weights) {
        IsolationForestModel model = (IsolationForestModel) IsolationForestModel.Options.defaults().create(memory, WINDOW);
        model.fit(memory, weights, new SplittableRandom(7), 0);
        return model;
    }

    private static Evidence.Isolation judge(IsolationForestModel model, double[] x) {
        return (Evidence.Isolation) model.judge(x);
    }

    private static void addNormal(Memory memory, SplittableRandom r, int n) {
        for (int i = 0; i < n; i++) {
            memory.add(new double[] {r.nextGaussian(), r.nextGaussian()}, memory.added());
        }
    }
}
