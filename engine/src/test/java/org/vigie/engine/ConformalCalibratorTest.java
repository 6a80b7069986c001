package org.vigie.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayDeque;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vigie.engine.calibration.ConformalCalibrator;

class ConformalCalibratorTest {

    /** Given scores with many ties arriving past the ring's size, when ranked, then each rank is the share below it (ties half) among the last ones. */
    @Test
    void aScoreIsItsRankAmongTheLastRawScores() {
        ConformalCalibrator c = new ConformalCalibrator(new ConformalCalibrator.Options(50));
        ArrayDeque<Double> last = new ArrayDeque<>();
        Random r = new Random(4);
        for (int i = 0; i < 2000; i++) {
            double raw = r.nextInt(30) / 3.0;
            if (!last.isEmpty()) {
                double below = last.stream().filter(x -> x < raw).count();
                double equal = last.stream().filter(x -> x == raw).count();
                assertEquals((below + 0.5 * equal) / last.size(), c.score(raw), 1e-12, "value " + i);
            }
            c.add(raw);
            last.addLast(raw);
            if (last.size() > 50) {
                last.removeFirst();
            }
        }
    }
}
