package org.vigie.producer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the producer says of a --port that does not open (issue 20, item 3): not there, with the ports that are,
 * told apart from a file or a folder that is not a serial port. (No permission cannot be shown here: the tests
 * may run as root; its message names the dialout group.)
 */
class PortProblemTest {

    @TempDir
    Path dir;

    @Test
    void aPortThatIsNotThereIsToldWithThePortsThatAre() {
        String said = SerialLineSource.whyNotOpen("COM3");
        assertTrue(said.startsWith("port COM3 is not there (") && (said.contains("serial ports here: ") || said.contains("no serial port here")), said);
    }

    @Test
    void aFileOrAFolderIsNotASerialPort() throws IOException {
        Path file = Files.writeString(dir.resolve("passwd"), "root:x:0:0\n");
        assertTrue(SerialLineSource.whyNotOpen(file.toString()).contains("is a file, not a serial port"), SerialLineSource.whyNotOpen(file.toString()));
        assertTrue(SerialLineSource.whyNotOpen(dir.toString()).contains("is a folder, not a serial port"));
    }
}
