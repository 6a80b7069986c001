package org.vigie.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.common.cli.Cli;

/** The simulated Arduino's faults: what it plants, in which order, and the settings it refuses. */
class ArduinoSimulatorTest {

    @TempDir
    Path dir;

    @Test
    void theFaultsComeInTurnErrorValueGlitchUpFrozenGlitchDown() {
        assertEquals(Arrays.asList(ArduinoSimulator.Fault.values()),
                java.util.stream.IntStream.range(0, 4).mapToObj(ArduinoSimulator::fault).toList());
        assertEquals(ArduinoSimulator.Fault.ERROR_VALUE, ArduinoSimulator.fault(4), "then again");
        assertEquals(100, ArduinoSimulator.Fault.FROZEN.length());
        assertEquals("small-glitch-up", ArduinoSimulator.Fault.SMALL_GLITCH_UP.label());
    }

    /** A series that steps by ±1 in turn: its steps' standard deviation is 1, its noise 1 / √2. */
    @Test
    void theNoiseIsTheStepsStandardDeviationOverRootTwo() {
        double[] zigzag = new double[1001];
        for (int i = 0; i < zigzag.length; i++) {
            zigzag[i] = 10 + (i % 2 == 0 ? 0 : 1);
        }
        assertEquals(1 / Math.sqrt(2), ArduinoSimulator.noiseOf(zigzag), 1e-3);
    }

    /** Faults closer than a frozen reading and its counted aftermath would overlap: refused in one line, exit 2. */
    @Test
    void faultsTooCloseTogetherAreRefused() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream before = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = Cli.execute(new ArduinoSimulator(), "--plant-every", "50", "--port", dir.resolve("tty").toString());
        } finally {
            System.setErr(before);
        }
        assertEquals(2, exit);
        String said = err.toString(StandardCharsets.UTF_8);
        assertTrue(said.contains("--plant-every must be 0 (no faults) or at least 200"), said);
    }
}
