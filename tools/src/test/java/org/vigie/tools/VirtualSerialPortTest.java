package org.vigie.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fazecast.jSerialComm.SerialPort;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VirtualSerialPortTest {

    @TempDir
    Path dir;

    private static SerialPort open(Path path) {
        SerialPort sp = SerialPort.getCommPort(path.toString());
        sp.setBaudRate(9600);
        sp.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, 2000, 0);
        assertTrue(sp.openPort(), "jSerialComm could not open " + path);
        return sp;
    }

    /** Reads until {@code n} bytes arrived or the read fails (-1); returns what arrived. */
    private static String read(SerialPort sp, int n) {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[256];
        while (got.size() < n) {
            int r = sp.readBytes(buf, buf.length);
            if (r < 0) {
                break;
            }
            got.write(buf, 0, r);
        }
        return got.toString(StandardCharsets.UTF_8);
    }

    @Test
    void jSerialCommReadsExactlyTheBytesWritten() throws IOException {
        try (VirtualSerialPort port = VirtualSerialPort.create(dir.resolve("ttyV0"))) {
            assertTrue(Files.isSymbolicLink(port.path()));
            // written before the reader opens: kept, and CR LF are not translated
            port.writeLine("humidite!45.2");
            SerialPort sp = open(port.path());
            try {
                port.writeLine("temp!21.5");
                port.write(new byte[] {'x', (byte) 0xFF, '\r', '\n'});
                assertEquals("humidite!45.2\r\ntemp!21.5\r\nx\uFFFD\r\n", read(sp, 29));
            } finally {
                sp.closePort();
            }
        }
    }

    @Test
    void unplugFailsTheReadAndPlugBringsThePortBackUnderTheSamePath() throws IOException {
        try (VirtualSerialPort port = VirtualSerialPort.create(dir.resolve("ttyV1"))) {
            Path first = port.device();
            SerialPort sp = open(port.path());
            port.writeLine("a!1");
            assertEquals("a!1\r\n", read(sp, 5));

            port.unplug();
            assertFalse(port.isPlugged());
            byte[] buf = new byte[16];
            assertEquals(-1, sp.readBytes(buf, buf.length), "a read on an unplugged port fails at once");
            assertThrows(IOException.class, () -> port.writeLine("lost!0"));
            sp.closePort();

            port.plug();
            assertNotEquals(null, port.device());
            // getCommPort resolves the symlink when called: a reconnect must call it again
            SerialPort again = open(port.path());
            try {
                port.writeLine("b!2");
                assertEquals("b!2\r\n", read(again, 5));
            } finally {
                again.closePort();
            }
            assertTrue(first != null);
        }
    }

    /** Issue 20, item 8: a second port on a live one's path is refused, its link untouched; a file is never replaced. */
    @Test
    void aPathInUseIsRefusedAndAFileIsNotAPort() throws IOException {
        Path link = dir.resolve("ttyV2");
        try (VirtualSerialPort first = VirtualSerialPort.create(link)) {
            Path device = first.device();
            VirtualSerialPort.InUse e = assertThrows(VirtualSerialPort.InUse.class, () -> VirtualSerialPort.create(link));
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
            assertEquals(device, Files.readSymbolicLink(link), "the live port's link is not re-pointed");
        }
        assertFalse(Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS));
        try (VirtualSerialPort again = VirtualSerialPort.create(link)) {
            assertTrue(again.isPlugged(), "free again once the first is closed");
        }
        Path file = Files.writeString(dir.resolve("humidite.ref.vlog"), "a log");
        assertThrows(VirtualSerialPort.InUse.class, () -> VirtualSerialPort.create(file));
        assertEquals("a log", Files.readString(file), "the file is intact");
    }

    /** Across processes: a running simulator's port is refused to a second one; once it is killed (-9), taken over. */
    @Test
    void aSimulatorsPortIsItsOwnUntilItDies() throws Exception {
        Path link = dir.resolve("ttyV3");
        Process sim = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED",
                "-Dvigie.home=" + Path.of("").toAbsolutePath().getParent(), "-cp", System.getProperty("java.class.path"), ArduinoSimulator.class.getName(), "--port", link.toString(), "--seconds", "120")
                .redirectError(dir.resolve("sim.err").toFile()).start();
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(sim.getInputStream(), StandardCharsets.UTF_8))) {
            String first = out.readLine();
            assertTrue(first != null && first.startsWith("simulated Arduino on"), "the simulator started: " + first + " " + Files.readString(dir.resolve("sim.err")));
            Path device = Files.readSymbolicLink(link);
            assertThrows(VirtualSerialPort.InUse.class, () -> VirtualSerialPort.create(link));
            assertEquals(device, Files.readSymbolicLink(link), "its link is not re-pointed");
            sim.destroyForcibly().waitFor();
            try (VirtualSerialPort taken = VirtualSerialPort.create(link)) {
                assertNotEquals(device, null);
                assertTrue(taken.isPlugged(), "a dead simulator's link is taken over");
            }
        } finally {
            sim.destroyForcibly();
        }
    }
}
