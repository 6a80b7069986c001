package org.vigie.plotter;

import java.util.concurrent.Callable;
import org.vigie.common.VigieVersion;
import org.vigie.common.cli.Cli;
import picocli.CommandLine.Command;

/** {@code vigie-plotter}: draws a reference series with a marker at every anomaly and initialising value. */
@Command(name = "vigie-plotter", mixinStandardHelpOptions = true, versionProvider = VigieVersion.class,
        description = "Draws a topic's reference series with a marker at every anomaly and every initialising value, one colour per detector.")
public final class PlotterCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("vigie-plotter: not built yet (issue 5)");
        return Cli.ExitCode.FAILURE;
    }

    public static void main(String[] args) {
        System.exit(Cli.execute(new PlotterCommand(), args));
    }
}
