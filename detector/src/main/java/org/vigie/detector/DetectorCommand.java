package org.vigie.detector;

import java.util.concurrent.Callable;
import org.vigie.common.VigieVersion;
import org.vigie.common.cli.Cli;
import picocli.CommandLine.Command;

/** {@code vigie-detector}: judges each value of a topic against a sliding window of the values before it. */
@Command(name = "vigie-detector", mixinStandardHelpOptions = true, versionProvider = VigieVersion.class,
        description = "Consumes one topic and judges each value against a sliding window of the values before it, with DBSCAN or IsolationForest.")
public final class DetectorCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("vigie-detector: not built yet (issue 4)");
        return Cli.ExitCode.FAILURE;
    }

    public static void main(String[] args) {
        System.exit(Cli.execute(new DetectorCommand(), args));
    }
}
