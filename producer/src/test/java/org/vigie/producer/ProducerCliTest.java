package org.vigie.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.vigie.testkit.CommandRun;

/** The producer's command line, without a port or a broker: what a mistake gets. */
class ProducerCliTest {

    /** Issue 20, item 9: a mistyped option is told (with what it may have meant), not hidden by the --port it makes look missing. */
    @Test
    void aMistypedOptionIsToldBeforeAMissingOne() {
        CommandRun r = CommandRun.of(new ProducerCommand(), "--topc", "humidite");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("Unknown options: '--topc'") && r.err().contains("Possible solutions: --topics"), r.err());
        assertTrue(!r.err().contains("Missing required option"), r.err());
    }

    @Test
    void theTopicsDefaultIsSaidOnce() {
        CommandRun r = CommandRun.of(new ProducerCommand(), "--help");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("any topic") && !r.out().contains("Default: []"), r.out());
    }
}
