package org.vigie.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The release archive as a user gets it: unpacked into a folder whose path holds a space, run with only a
 * Java runtime (JAVA_HOME) and an empty home folder, far from the sources.
 */
class ArchiveIT {

    private static final Path ARCHIVE = Path.of(System.getProperty("vigie.archive"));
    private static final String VERSION = System.getProperty("vigie.version");
    private static final Path SERIES = Path.of("..", "src-test-data", "nab", "data", "artificialWithAnomaly", "art_daily_jumpsup.csv")
            .toAbsolutePath().normalize();

    @TempDir
    static Path root;

    static Path home;
    static Path userHome;

    @BeforeAll
    static void unpack() throws Exception {
        Path into = Files.createDirectories(root.resolve("my programs"));
        Process tar = new ProcessBuilder("tar", "xzf", ARCHIVE.toString(), "-C", into.toString()).inheritIO().start();
        assertTrue(tar.waitFor(60, TimeUnit.SECONDS) && tar.exitValue() == 0, "tar unpacks " + ARCHIVE);
        home = into.resolve("vigie-" + VERSION);
        userHome = Files.createDirectories(root.resolve("empty home"));
    }

    private record Run(int exit, String output) {}

    private static Run run(Map<String, String> env, String... command) throws Exception {
        Path out = Files.createTempFile(root, "run", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).directory(userHome.toFile()).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("HOME", userHome.toString());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().putAll(env);
        Process p = pb.start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "ends: " + String.join(" ", command));
        return new Run(p.exitValue(), Files.readString(out));
    }

    @Test
    void theArchiveHoldsOneFolderWithEverythingAUserNeeds() {
        for (String part : List.of("bin", "lib", "config", "docs", "samples", "README.md", "LICENSE", "config/detector.properties", "docs/detector.md")) {
            assertTrue(Files.exists(home.resolve(part)), part + " in " + home);
        }
        assertTrue(Files.exists(ARCHIVE.resolveSibling("vigie-" + VERSION + ".zip")), "the zip beside the tar.gz");
    }

    /** Given the unpacked archive, when a user replays a series and plots the result, then both work from there. */
    @Test
    void replayThenPlotFromTheUnpackedArchive() throws Exception {
        Path csv = root.resolve("out dir/judged.csv");
        Path log = root.resolve("out dir/judged.vlog");
        Files.createDirectories(csv.getParent());
        Run replay = run(Map.of(), home.resolve("bin/vigie-detector").toString(), "replay", "-a", "dbscan", "--input", SERIES.toString(),
                "--csv", csv.toString(), "--log", log.toString());
        assertEquals(0, replay.exit(), replay.output());
        assertEquals(Files.readAllLines(SERIES).size(), Files.readAllLines(csv).size(), "one row per input row, and the header");
        Path png = root.resolve("out dir/plot.png");
        Run plot = run(Map.of(), home.resolve("bin/vigie-plotter").toString(), log.toString(), "--out", png.toString());
        assertEquals(0, plot.exit(), plot.output());
        assertEquals(1600, ImageIO.read(png.toFile()).getWidth());
    }

    /** Given the unpacked archive, when a user asks the tools for help, then they answer from there (no build, no sources). */
    @ParameterizedTest
    @CsvSource({"kafka-local, start", "vigie-simulate, --plant-every", "vigie-bench, producer"})
    void theToolsRunFromTheArchive(String tool, String helpMentions) throws Exception {
        String[] command = tool.equals("vigie-bench")
                ? new String[] {home.resolve("bin/" + tool).toString(), "no-such-benchmark"}
                : new String[] {home.resolve("bin/" + tool).toString(), "--help"};
        Run r = run(Map.of(), command);
        assertEquals(tool.equals("vigie-bench") ? 2 : 0, r.exit(), r.output());
        assertTrue(r.output().contains(helpMentions), r.output());
    }

    /** The simulator plays the NAB sample shipped under samples/, with its licence beside it. */
    @Test
    void theNabSampleShipsWithItsNotice() {
        assertTrue(Files.exists(home.resolve("samples/nab/LICENSE.txt")));
        assertTrue(Files.exists(home.resolve("samples/nab/data/artificialNoAnomaly/art_daily_small_noise.csv")));
    }

    /** Given a Java older than 25, when a launcher starts, then it says which version it found and what to do. */
    @Test
    void anOldJavaIsToldByName() throws Exception {
        Path fake = Files.createDirectories(root.resolve("old jdk/bin"));
        Path java = fake.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho 'openjdk version \"17.0.2\" 2022-01-18' >&2\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Run r = run(Map.of("JAVA_HOME", fake.getParent().toString()), home.resolve("bin/vigie-detector").toString(), "--help");
        assertEquals(1, r.exit(), r.output());
        assertTrue(r.output().contains("needs Java 25 or newer") && r.output().contains("Java 17.0.2"), r.output());
    }

    /**
     * Given no JAVA_HOME and an old java first on the PATH, when a launcher starts, then it finds the system's
     * Java 25 by itself (as the sources' launchers do), where there is one in /usr/lib/jvm.
     */
    @Test
    void withoutJavaHomeTheSystemsJava25IsFound() throws Exception {
        boolean systemHas25;
        try (var jdks = Files.list(Path.of("/usr/lib/jvm"))) {
            systemHas25 = jdks.anyMatch(j -> j.getFileName().toString().matches(".*-2[5-9].*") && Files.isExecutable(j.resolve("bin/java")));
        } catch (IOException e) {
            systemHas25 = false;
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(systemHas25, "skipped: no Java 25 under /usr/lib/jvm to be found");
        Path fake = Files.createDirectories(root.resolve("old on path"));
        Path oldJava = fake.resolve("java");
        Files.writeString(oldJava, "#!/bin/sh\necho 'openjdk version \"17.0.2\" 2022-01-18' >&2\n");
        Files.setPosixFilePermissions(oldJava, PosixFilePermissions.fromString("rwxr-xr-x"));
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/vigie-detector").toString(), "--version").redirectErrorStream(true);
        pb.environment().remove("JAVA_HOME");
        pb.environment().put("PATH", fake + ":/usr/bin:/bin");
        pb.environment().put("HOME", userHome.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("Java 2"), out);
    }

    /**
     * The simulator (a pseudo-terminal) and the benchmarks (they run the POSIX launchers) are for Linux and macOS:
     * they ship no Windows launcher, which would only fail there (issue 30).
     */
    @ParameterizedTest
    @CsvSource({"vigie-simulate", "vigie-bench", "vigie-demo"})
    void whatRunsOnlyOnLinuxAndMacOsHasNoWindowsLauncher(String tool) {
        assertTrue(!Files.exists(home.resolve("bin/" + tool + ".cmd")), tool + ".cmd");
    }

    /** Each program has a Windows launcher that names its main class, and the class is in lib/. */
    @ParameterizedTest
    @CsvSource({"vigie-producer, org.vigie.producer.ProducerCommand, vigie-producer", "vigie-detector, org.vigie.detector.DetectorCommand, vigie-detector",
        "vigie-plotter, org.vigie.plotter.PlotterCommand, vigie-plotter", "kafka-local, org.vigie.tools.KafkaLocal, vigie-tools"})
    void eachProgramAndToolHasBothLaunchers(String program, String main, String artifact) throws IOException {
        String cmd = Files.readString(home.resolve("bin/" + program + ".cmd"));
        assertTrue(cmd.contains("set \"VIGIE_MAIN=" + main + "\"") && cmd.contains("vigie-java.cmd"), cmd);
        assertTrue(cmd.contains("\r\n"), "Windows line ends");
        assertTrue(Files.exists(home.resolve("bin/vigie-java.cmd")));
        assertTrue(Files.isExecutable(home.resolve("bin/" + program)), "the POSIX launcher of " + program);
        Path jar = home.resolve("lib/" + artifact + "-" + VERSION + ".jar");
        try (java.util.jar.JarFile j = new java.util.jar.JarFile(jar.toFile())) {
            assertTrue(j.getEntry(main.replace('.', '/') + ".class") != null, main + " in " + jar);
        }
    }

    /** The shell commands of the shipped README and docs: each line of a {@code sh} block that runs {@code bin/...}. */
    private static List<String> documentedCommands() throws IOException {
        List<Path> docs = new java.util.ArrayList<>(List.of(home.resolve("README.md")));
        try (var listing = Files.list(home.resolve("docs"))) {
            listing.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        List<String> commands = new java.util.ArrayList<>();
        for (Path doc : docs) {
            boolean inShell = false;
            StringBuilder line = new StringBuilder();
            for (String l : Files.readAllLines(doc)) {
                if (l.startsWith("```")) {
                    inShell = l.equals("```sh");
                    continue;
                }
                if (!inShell) {
                    continue;
                }
                line.append(l.strip());
                if (l.endsWith("\\")) {
                    line.setLength(line.length() - 1);
                    continue;
                }
                String command = line.toString().replaceFirst("\\s+#.*$", "").strip();
                line.setLength(0);
                if (command.startsWith("bin/")) {
                    commands.add(doc.getFileName() + ": " + command);
                }
            }
        }
        return commands;
    }

    /**
     * Issue 20, item 4: every command of the shipped docs names a launcher the archive has, and every file
     * it reads from the release (samples/, config/, docs/) is there; those that need no broker, port or
     * earlier session (--help, evaluate) run, from the unpacked folder, and succeed.
     */
    @Test
    void everyCommandOfTheShippedDocsWorksFromTheArchive() throws Exception {
        List<String> commands = documentedCommands();
        assertTrue(commands.size() >= 20, "the docs' commands were found: " + commands);
        List<String> ran = new java.util.ArrayList<>();
        for (String entry : commands) {
            String command = entry.substring(entry.indexOf(": ") + 2);
            String[] words = command.split("\\s+");
            assertTrue(Files.isExecutable(home.resolve(words[0])), entry + ": " + words[0] + " is in the archive");
            for (String w : words) {
                if (w.matches("(samples|config|docs)/.*")) {
                    assertTrue(Files.exists(home.resolve(w)), entry + ": " + w + " is in the archive");
                }
            }
            boolean standalone = command.contains("--help") || (words.length > 1 && words[1].equals("evaluate"));
            if (standalone && !command.contains("|") && !command.contains(">")) {
                ProcessBuilder pb = new ProcessBuilder(words).directory(home.toFile()).redirectErrorStream(true);
                pb.command().set(0, home.resolve(words[0]).toString());
                pb.environment().put("HOME", userHome.toString());
                pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
                Path out = Files.createTempFile(root, "doc", ".txt");
                Process p = pb.redirectOutput(out.toFile()).start();
                assertTrue(p.waitFor(300, TimeUnit.SECONDS), entry + " ends");
                assertEquals(0, p.exitValue(), entry + ": " + Files.readString(out));
                ran.add(command);
            }
        }
        assertTrue(ran.stream().anyMatch(c -> c.contains(" evaluate")), "an evaluate command of the docs ran: " + ran);
    }

    /** Issue 20, item 4: the README's first command, the demo, runs from the archive (its own broker on a free port). */
    @Test
    void theDemoRunsFromTheArchive() throws Exception {
        int port = freePortPair();
        Run demo = run(Map.of(), home.resolve("bin/vigie-demo").toString(), "--seconds", "90", "--bootstrap-server", "localhost:" + port);
        assertEquals(0, demo.exit(), demo.output());
        assertTrue(demo.output().contains("plot: "), demo.output());
        assertTrue(!demo.output().contains("flagged 0/0"), "glitches were planted, and judged: " + demo.output());
        assertTrue(demo.output().contains("live page: http://127.0.0.1:"), "the live page, from the archive too: " + demo.output());
        assertTrue(Files.exists(userHome.resolve("out/humidite.png")), "the plot, in the folder the demo ran in: " + demo.output());
    }

    /** A port, and the next one (kafka-local's controller), both free now. */
    private static int freePortPair() throws IOException {
        for (int tries = 0; tries < 50; tries++) {
            try (java.net.ServerSocket a = new java.net.ServerSocket(0)) {
                int p = a.getLocalPort();
                if (p < 65535) {
                    try (java.net.ServerSocket b = new java.net.ServerSocket(p + 1)) {
                        return p;
                    } catch (IOException taken) {
                        // try another
                    }
                }
            }
        }
        throw new IOException("no two free ports in a row");
    }
}
