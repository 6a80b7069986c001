package org.vigie.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;

/** The program version, filled in by the build; also picocli's {@code --version}. */
public final class VigieVersion implements CommandLine.IVersionProvider {

    private static final String VERSION = load();

    public static String get() {
        return VERSION;
    }

    @Override
    public String[] getVersion() {
        return new String[] {
            "${COMMAND-FULL-NAME} " + VERSION,
            "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")",
            "Licence GPL-3.0-or-later"
        };
    }

    private static String load() {
        try (InputStream in = VigieVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
