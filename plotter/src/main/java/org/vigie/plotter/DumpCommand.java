package org.vigie.plotter;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vigie.common.cli.Cli;
import org.vigie.common.cli.UserError;
import org.vigie.common.recordlog.LogRecord;
import org.vigie.common.recordlog.RecordLogException;
import org.vigie.common.recordlog.RecordLogReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vigie-plotter dump LOG}: a record log as CSV, for spreadsheets and pandas; streamed, any size. */
@Command(name = "dump", mixinStandardHelpOptions = true, usageHelpWidth = 110,
        description = {"Prints a record log as CSV.",
            "Its columns: time (ISO-8601, UTC), value, state (2 initialising, 1 normal, -1 anomaly, 0 reference); for a detector's "
            + "log of format 2 also partition and offset (where in Kafka the value was: a value in two logs has the same pair) and "
            + "score (the calibrated score, empty while initialising)."})
final class DumpCommand implements Callable<Integer> {

    @Parameters(paramLabel = "LOG", description = "The record log to print.")
    Path log;

    @Option(names = "--header", description = "Print the log's metadata first, as '# key=value' lines.")
    boolean header;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        try (RecordLogReader r = LoadedLog.open(log)) {
            if (header) {
                r.metadata().entries().forEach((k, v) -> out.println("# " + k + "=" + v));
                out.println("# format=" + r.formatVersion());
            }
            boolean sources = r.formatVersion() >= 2 && r.metadata().kind() == org.vigie.common.recordlog.LogMetadata.Kind.DETECTOR;
            out.println(sources ? "time,value,state,partition,offset,score" : "time,value,state");
            StringBuilder sb = new StringBuilder(96);
            RecordLogReader.Cursor c = r.cursor(0);
            try {
                for (LogRecord rec; (rec = c.next()) != null; ) {
                    sb.setLength(0);
                    sb.append(rec.time()).append(',').append(rec.value()).append(',').append(rec.state().code());
                    if (sources) {
                        sb.append(',').append(rec.partition()).append(',').append(rec.offset()).append(',');
                        if (!Float.isNaN(rec.score())) {
                            sb.append(rec.score());
                        }
                    }
                    out.println(sb);
                }
            } catch (RecordLogException e) {
                out.flush();
                System.err.println("warning: " + e.getMessage() + "; the " + c.position() + " records before it are printed");
                return Cli.ExitCode.OK;
            }
            out.flush();
            if (r.partialTailBytes() > 0) {
                System.err.println("warning: " + log + ": " + r.partialTailBytes() + " bytes of a torn last record ignored");
            }
            return Cli.ExitCode.OK;
        } catch (IOException e) {
            throw new UserError("cannot read " + log + ": " + e.getMessage(), e);
        }
    }
}
