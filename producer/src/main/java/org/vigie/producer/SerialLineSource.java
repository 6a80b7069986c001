package org.vigie.producer;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigie.common.line.LineFramer;

/**
 * Reads a serial port into a {@link LineFramer} for as long as it runs, surviving the port going away:
 * when a read fails (the cable is pulled) it closes the port and opens it again as soon as the path is
 * back, resolving the path anew each time (a symlink may point elsewhere). One log line per change of
 * state, never one per retry.
 */
final class SerialLineSource implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(SerialLineSource.class);
    /** Read timeout: how quickly a stop is noticed while the line is quiet. */
    private static final int READ_TIMEOUT_MS = 100;
    private static final Duration RETRY = Duration.ofMillis(200);

    private final String path;
    private final ProducerSettings.SerialSettings serial;
    private final LineFramer framer;
    private final LineFramer.Sink sink;
    private final ProducerStats stats;
    private volatile boolean stopping;

    SerialLineSource(String path, ProducerSettings.SerialSettings serial, LineFramer framer, LineFramer.Sink sink, ProducerStats stats) {
        this.path = path;
        this.serial = serial;
        this.framer = framer;
        this.sink = sink;
        this.stats = stats;
    }

    void stop() {
        stopping = true;
    }

    @Override
    public void run() {
        boolean wasOpen = false;
        boolean announcedWait = false;
        byte[] buffer = new byte[8192];
        while (!stopping) {
            SerialPort port = tryOpen();
            if (port == null) {
                if (!announcedWait) {
                    if (wasOpen) {
                        LOG.warn("port {} lost (unplugged?): waiting for it to come back", path);
                    } else {
                        LOG.warn("{}: waiting for it", whyNotOpen(path));
                    }
                    announcedWait = true;
                }
                stats.portState = ProducerStats.PortState.WAITING;
                pause();
                continue;
            }
            LOG.info("port {} open ({})", path, serial.describe());
            stats.portState = ProducerStats.PortState.OPEN;
            wasOpen = true;
            announcedWait = false;
            try {
                readUntilLost(port, buffer);
            } finally {
                port.closePort();
                long cut = framer.reset();
                if (cut > 0) {
                    stats.drop(ProducerStats.Dropped.CUT_BY_DISCONNECT);
                }
            }
        }
        stats.portState = ProducerStats.PortState.STOPPED;
    }

    private void readUntilLost(SerialPort port, byte[] buffer) {
        while (!stopping) {
            int n = port.readBytes(buffer, buffer.length);
            if (n < 0) {
                return; // semi-blocking mode answers -1 at once when the device is gone
            }
            if (n > 0) {
                framer.feed(buffer, 0, n, sink);
            }
        }
    }

    private SerialPort tryOpen() {
        try {
            SerialPort port = SerialPort.getCommPort(path); // resolves the path now: it may have moved
            port.setComPortParameters(serial.baud(), serial.dataBits(), serial.stopBits().code, serial.parity().code);
            port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, READ_TIMEOUT_MS, 0);
            return port.openPort() ? port : null;
        } catch (SerialPortInvalidPortException e) {
            return null;
        }
    }

    /**
     * Why {@code path} did not open, in the user's terms: not there (with the serial ports that are), not a
     * serial port, or not allowed (with the usual fix on Linux).
     */
    static String whyNotOpen(String path) {
        java.nio.file.Path file;
        try {
            file = java.nio.file.Path.of(path);
        } catch (java.nio.file.InvalidPathException e) {
            file = null;
        }
        if (file != null && java.nio.file.Files.isRegularFile(file)) {
            return "port " + path + " is a file, not a serial port (" + ports() + ")";
        }
        if (file != null && java.nio.file.Files.isDirectory(file)) {
            return "port " + path + " is a folder, not a serial port (" + ports() + ")";
        }
        if (file != null && java.nio.file.Files.exists(file) && !(java.nio.file.Files.isReadable(file) && java.nio.file.Files.isWritable(file))) {
            return "port " + path + " is there but this user may not open it (on Linux: sudo usermod -aG dialout $USER, then log in again)";
        }
        if (file != null && java.nio.file.Files.exists(file)) {
            return "port " + path + " is there but does not open as a serial port (busy, or not one)";
        }
        return "port " + path + " is not there (" + ports() + ")";
    }

    /**
     * Why {@code path} names no port at all (neither one the system lists nor a device file: a mistyped port, or a
     * board not plugged in), with the ports there are; null when it names one, whether or not it opens.
     */
    static String absence(String path) {
        boolean windows = System.getProperty("os.name", "").startsWith("Windows");
        // As jSerialComm resolves a name: on Windows, its last part (COM3, \\.\COM3), whatever its case; elsewhere
        // ~/ is the home folder and a bare name is one of /dev (serial0, ttyACM0).
        String name = windows ? path.substring(Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/')) + 1) : path;
        for (SerialPort p : SerialPort.getCommPorts()) {
            if (windows ? p.getSystemPortName().equalsIgnoreCase(name) : p.getSystemPortPath().equals(path) || p.getSystemPortName().equals(path)) {
                return null;
            }
        }
        if (windows) {
            return whyNotOpen(path);
        }
        String file = path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path.contains("/") ? path : "/dev/" + path;
        try {
            if (java.nio.file.Files.exists(java.nio.file.Path.of(file))) {
                return null; // a device, a pseudo-terminal, or something that is no port, which opening will tell
            }
        } catch (java.nio.file.InvalidPathException e) {
            // not a path on this system: not there
        }
        return whyNotOpen(path);
    }

    /** The serial ports the system lists, as jSerialComm names them. */
    private static String ports() {
        java.util.List<String> names = new java.util.ArrayList<>();
        for (SerialPort p : SerialPort.getCommPorts()) {
            names.add(p.getSystemPortPath());
        }
        return names.isEmpty() ? "no serial port here" : "serial ports here: " + String.join(", ", names);
    }

    private void pause() {
        try {
            Thread.sleep(RETRY); // polling for a device to appear: there is no portable event to wait on
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }
}
