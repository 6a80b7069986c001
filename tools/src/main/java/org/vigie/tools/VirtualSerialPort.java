package org.vigie.tools;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A serial port made of a pseudo-terminal pair, for tests and the demo: no hardware, no system package.
 * {@link #path()} is a stable symlink to the terminal side, which jSerialComm opens like any serial
 * device; we write the Arduino's lines into the other side. {@link #unplug()} closes our side (the reader
 * sees the port go away) and {@link #plug()} makes a new pair behind the same symlink, as a USB serial
 * device that comes back. Linux and macOS; libc is called through the FFM API.
 */
public final class VirtualSerialPort implements AutoCloseable {

    private static final int O_RDWR = 2;
    private static final int O_NOCTTY = isMac() ? 0x20000 : 0x100;
    private static final int TCSANOW = 0;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final MethodHandle POSIX_OPENPT = fn("posix_openpt", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle GRANTPT = fn("grantpt", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle UNLOCKPT = fn("unlockpt", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle PTSNAME = fn("ptsname", FunctionDescriptor.of(ADDRESS.withTargetLayout(
            java.lang.foreign.MemoryLayout.sequenceLayout(4096, java.lang.foreign.ValueLayout.JAVA_BYTE)), JAVA_INT));
    private static final MethodHandle TCGETATTR = fn("tcgetattr", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle TCSETATTR = fn("tcsetattr", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle CFMAKERAW = fn("cfmakeraw", FunctionDescriptor.ofVoid(ADDRESS));
    private static final MethodHandle WRITE = fn("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle CLOSE = fn("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    private final Path link;
    private final FileChannel lockFile; // held while the port lives: one port per path
    private int master = -1;
    private Path device;

    private VirtualSerialPort(Path link, FileChannel lockFile) {
        this.link = link;
        this.lockFile = lockFile;
    }

    /** The path is another live port's, or a file that is not a port, or this system has no pseudo-terminals. */
    public static final class InUse extends IOException {
        InUse(String message) {
            super(message);
        }
    }

    /** Creates a plugged-in port whose stable path is {@code link} (a symlink made here). */
    public static VirtualSerialPort create(Path link) throws IOException {
        if (System.getProperty("os.name", "").startsWith("Windows")) {
            throw new InUse("a virtual serial port needs a pseudo-terminal (Linux, macOS); on Windows,"
                    + " pair two COM ports with com0com and feed one of them instead");
        }
        Path at = link.toAbsolutePath();
        if (Files.exists(at, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(at)) {
            throw new InUse(link + " is a file, not a port this made: name another path");
        }
        // A lock beside the link, held by the process: released by the system when it ends, even by kill -9,
        // so a link left by a killed port is taken over, and a live one is not re-pointed under its reader.
        FileChannel lock = FileChannel.open(at.resolveSibling("." + at.getFileName() + ".lock"),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
        try {
            if (lock.tryLock() == null) {
                throw new InUse(link + " is in use by another simulated port: stop it, or name another --port");
            }
        } catch (java.nio.channels.OverlappingFileLockException e) {
            lock.close();
            throw new InUse(link + " is in use by another simulated port in this process");
        } catch (IOException e) {
            lock.close();
            throw e;
        }
        VirtualSerialPort p = new VirtualSerialPort(at, lock);
        p.plug();
        return p;
    }

    /** The path a serial reader opens: stays the same across unplug and plug. */
    public Path path() {
        return link;
    }

    /** The pseudo-terminal device behind {@link #path()} now, or null when unplugged. */
    public synchronized Path device() {
        return device;
    }

    public synchronized boolean isPlugged() {
        return master >= 0;
    }

    /** Plugs the port in: a new pseudo-terminal behind the symlink. */
    public synchronized void plug() throws IOException {
        if (master >= 0) {
            return;
        }
        try {
            int fd = (int) POSIX_OPENPT.invokeExact(O_RDWR | O_NOCTTY);
            if (fd < 0) {
                throw new IOException("posix_openpt failed");
            }
            if ((int) GRANTPT.invokeExact(fd) != 0 || (int) UNLOCKPT.invokeExact(fd) != 0) {
                int ignored = (int) CLOSE.invokeExact(fd);
                throw new IOException("grantpt/unlockpt failed");
            }
            MemorySegment name = (MemorySegment) PTSNAME.invokeExact(fd);
            Path dev = Path.of(name.getString(0, StandardCharsets.US_ASCII));
            makeRaw(fd);
            Path tmp = link.resolveSibling(link.getFileName() + ".new");
            Files.deleteIfExists(tmp);
            Files.createSymbolicLink(tmp, dev);
            Files.move(tmp, link, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            master = fd;
            device = dev;
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("cannot create a pseudo-terminal", t);
        }
    }

    /** Unplugs the port: the reader's next read fails, as when a USB cable is pulled. */
    public synchronized void unplug() {
        if (master < 0) {
            return;
        }
        try {
            int ignored = (int) CLOSE.invokeExact(master);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        master = -1;
        device = null;
    }

    /** Writes bytes as the device would send them. Blocks while the reader's buffer is full. */
    public void write(byte[] bytes) throws IOException {
        int fd;
        synchronized (this) {
            fd = master;
        }
        if (fd < 0) {
            throw new IOException("virtual serial port " + link + " is unplugged");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(bytes.length);
            MemorySegment.copy(bytes, 0, buf, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, bytes.length);
            long done = 0;
            while (done < bytes.length) {
                long n = (long) WRITE.invokeExact(fd, buf.asSlice(done), (long) bytes.length - done);
                if (n < 0) {
                    throw new IOException("write to virtual serial port " + link + " failed");
                }
                done += n;
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException(t);
        }
    }

    /** Writes one Arduino line, {@code Serial.println} style: the text then CR LF. */
    public void writeLine(String line) throws IOException {
        write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public synchronized void close() throws IOException {
        unplug();
        Files.deleteIfExists(link);
        lockFile.close(); // after the link is gone: a port that starts then makes its own
    }

    /**
     * No echo, no CR/LF translation, no line editing: bytes pass as they would on a real serial line,
     * even before the reader opens the port and sets its own modes.
     */
    private static void makeRaw(int fd) throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment termios = arena.allocate(256); // struct termios is 60 bytes on Linux, 72 on macOS
            if ((int) TCGETATTR.invokeExact(fd, termios) != 0) {
                throw new IOException("tcgetattr failed");
            }
            CFMAKERAW.invokeExact(termios);
            if ((int) TCSETATTR.invokeExact(fd, TCSANOW, termios) != 0) {
                throw new IOException("tcsetattr failed");
            }
        }
    }

    private static MethodHandle fn(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name)), descriptor);
    }

    private static boolean isMac() {
        return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("mac");
    }
}
