package org.vigie.tools.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.vigie.tools.Folders;

/** A benchmark's scratch folder (a broker's data, logs of a million values): removed when the JVM ends. */
final class BenchFolder {

    private BenchFolder() {}

    static Path create(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
        return dir;
    }

    private static void delete(Path dir) {
        try {
            Folders.deleteTree(dir);
        } catch (IOException e) {
            System.err.println("vigie-bench: could not remove " + dir + ": " + e.getMessage());
        }
    }
}
