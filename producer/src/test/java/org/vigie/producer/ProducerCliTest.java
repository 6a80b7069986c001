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

    /**
     * Issue 30: a port that is not there (mistyped, or a board not plugged in) is refused at once with the ports
     * that are and the option that waits, instead of being waited on for ever; no broker is needed to be told.
     */
    @Test
    @org.junit.jupiter.api.Timeout(120) // a regression would wait for the port for ever: fail instead
    void aPortThatIsNotThereIsToldWithThePortsThatAre() {
        CommandRun r = CommandRun.of(new ProducerCommand(), "--port", "/dev/ttyVIGIE-not-there", "--bootstrap-server", "127.0.0.1:1");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("port /dev/ttyVIGIE-not-there is not there (") && r.err().contains("--wait-for-port"), r.err());
        assertTrue(r.err().contains("serial ports here") || r.err().contains("no serial port here"), r.err());
        assertTrue(!r.err().contains("\tat "), r.err());
    }

    @Test
    void theTopicsDefaultIsSaidOnce() {
        CommandRun r = CommandRun.of(new ProducerCommand(), "--help");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("any topic") && !r.out().contains("Default: []"), r.out());
    }
}
