package org.vigie.plotter;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vigie.common.State;
import org.vigie.common.cli.Cli;
import org.vigie.common.recordlog.LogRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vigie-plotter dump LOG}: a record log as CSV, for spreadsheets and pandas. */
@Command(name = "dump", mixinStandardHelpOptions = true, usageHelpWidth = 110,
        description = "Prints a record log as CSV: time (ISO-8601, UTC), value, state (2 initialising, 1 normal, -1 anomaly, 0 reference).")
final class DumpCommand implements Callable<Integer> {

    @Parameters(paramLabel = "LOG", description = "The record log to print.")
    Path log;

    @Option(names = "--header", description = "Print the log's metadata first, as '# key=value' lines.")
    boolean header;

    @Override
    public Integer call() {
        LoadedLog l = LoadedLog.read(log);
        PrintStream out = System.out;
        if (header) {
            l.metadata().entries().forEach((k, v) -> out.println("# " + k + "=" + v));
        }
        out.println("time,value,state");
        StringBuilder sb = new StringBuilder(64);
        for (int i = 0; i < l.size(); i++) {
            sb.setLength(0);
            sb.append(new LogRecord(l.timesMicros()[i], 0, State.REFERENCE).time()).append(',')
                    .append(l.values()[i]).append(',').append(l.states()[i].code());
            out.println(sb);
        }
        out.flush();
        if (l.warning() != null) {
            System.err.println("warning: " + l.warning());
        }
        return Cli.ExitCode.OK;
    }
}
