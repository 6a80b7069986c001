package org.vigie.producer;

import java.util.concurrent.Callable;
import org.vigie.common.VigieVersion;
import org.vigie.common.cli.Cli;
import picocli.CommandLine.Command;

/** {@code vigie-producer}: reads a serial port's {@code topic!value} lines and publishes each value to Kafka. */
@Command(name = "vigie-producer", mixinStandardHelpOptions = true, versionProvider = VigieVersion.class,
        description = "Reads topic!value lines from a serial port and publishes each value to the Kafka topic the line names.")
public final class ProducerCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("vigie-producer: not built yet (issue 3)");
        return Cli.ExitCode.FAILURE;
    }

    public static void main(String[] args) {
        System.exit(Cli.execute(new ProducerCommand(), args));
    }
}
