package org.vigie.common.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The labelled series shipped with Vigie: {@code samples/} of a release, {@code src-test-data/} of a clone
 * (the same folders: {@code nab/}, NAB's files with their MIT notice, and {@code sensors/seed-N/}, Arduino
 * sensor series), so that one command in the docs works in both.
 */
public final class Samples {

    private Samples() {}

    /** The samples' folder under {@code vigie.home}: {@code samples} when there, else {@code src-test-data}. */
    public static Path folder() {
        Path home = Path.of(System.getProperty("vigie.home", "."));
        Path release = home.resolve("samples");
        return Files.isDirectory(release) ? release : home.resolve("src-test-data");
    }

    /** The NAB sample's series (NAB's {@code data/} layout). */
    public static Path nabData() {
        return folder().resolve("nab/data");
    }

    /** A labelled corpus: its series' folder and its windows file. */
    public record Corpus(Path data, Path labels) {}

    /** Every labelled corpus shipped: the NAB sample, then each sensor seed in order; none when not there. */
    public static List<Corpus> labelled() {
        List<Corpus> all = new ArrayList<>();
        Path nab = folder().resolve("nab");
        all.add(new Corpus(nab.resolve("data"), nab.resolve("labels/combined_windows.json")));
        Path sensors = folder().resolve("sensors");
        if (Files.isDirectory(sensors)) {
            try (Stream<Path> seeds = Files.list(sensors)) {
                seeds.filter(p -> p.getFileName().toString().startsWith("seed-") && Files.isDirectory(p))
                        .sorted((a, b) -> Integer.compare(seedOf(a), seedOf(b)))
                        .forEach(p -> all.add(new Corpus(p.resolve("data"), p.resolve("labels/combined_windows.json"))));
            } catch (IOException e) {
                throw new UserError("cannot list the shipped samples in " + sensors + ": " + e.getMessage(), e);
            }
        }
        return all.stream().filter(c -> Files.isDirectory(c.data()) && Files.isRegularFile(c.labels())).toList();
    }

    private static int seedOf(Path seedFolder) {
        try {
            return Integer.parseInt(seedFolder.getFileName().toString().substring("seed-".length()));
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }
}
