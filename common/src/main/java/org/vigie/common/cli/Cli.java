package org.vigie.common.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Runs a program's picocli command the same way for all three programs: defaults from
 * {@code config/<program>.properties}, clear one-line errors, and the exit codes of {@link ExitCode}.
 */
public final class Cli {

    /** Exit codes shared by the programs. */
    public static final class ExitCode {
        public static final int OK = 0;
        /** An unexpected failure: a bug, or an I/O error we could not handle. */
        public static final int FAILURE = 1;
        /** Bad usage or bad input the user can fix. */
        public static final int USAGE = 2;

        private ExitCode() {}
    }

    private Cli() {}

    /** Builds the command line for {@code command}, wired with defaults and error handling. */
    public static CommandLine commandLine(Object command) {
        CommandLine cl = new CommandLine(command);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.registerConverter(java.time.Duration.class, new DurationConverter());
        cl.setDefaultValueProvider(new ConfigDefaults(configFile(cl.getCommandName())));
        // A mistyped option gets one line and a pointer to --help, not the whole usage.
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            if (ex instanceof CommandLine.MissingParameterException && !c.getUnmatchedArguments().isEmpty()) {
                // A mistyped option is why the required one seems missing: tell that first.
                ex = new CommandLine.UnmatchedArgumentException(c, c.getUnmatchedArguments());
            }
            c.getErr().println(c.getCommandSpec().qualifiedName() + ": " + ex.getMessage());
            // "Did you mean: --topic?" for an option one or two letters away from a real one.
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, c.getErr());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for the options.");
            return ExitCode.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            PrintWriter err = c.getErr();
            if (ex instanceof UserError) {
                err.println(c.getCommandName() + ": " + ex.getMessage());
                return ExitCode.USAGE;
            }
            ConfigException badSetting = kafkaSettingError(ex);
            if (badSetting != null) {
                // A setting from --producer.config, --consumer.config or a settings file the Kafka client refused.
                err.println(c.getCommandName() + ": a Kafka setting is wrong: " + badSetting.getMessage());
                return ExitCode.USAGE;
            }
            err.println(c.getCommandName() + ": failed: " + ex);
            ex.printStackTrace(err);
            return ExitCode.FAILURE;
        });
        return cl;
    }

    /** The Kafka client's refusal of a setting among {@code ex}'s causes, or null. */
    static ConfigException kafkaSettingError(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof ConfigException c) {
                return c;
            }
        }
        return null;
    }

    /**
     * With {@code -q} or {@code --quiet} among {@code args}, logs warnings and errors only, from the first
     * line on. A program's main calls this before anything logs: the level is read once, when the first
     * logger is made (a command's own static logger, the Kafka clients'), so setting it in the command's
     * {@code call()} comes too late.
     */
    public static void quietIfAsked(String... args) {
        for (String a : args) {
            if (a.equals("-q") || a.equals("--quiet")) {
                System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
                return;
            }
            if (a.equals("--")) {
                return;
            }
        }
    }

    /** Parses, runs and returns the exit code; the programs' mains pass it to System.exit. */
    public static int execute(Object command, String... args) {
        return commandLine(command).execute(args);
    }

    /**
     * Loads a properties file into {@code into} (later keys win); a file that cannot be read is a
     * {@link UserError} naming {@code what} it is.
     */
    public static void loadProperties(Properties into, Path file, String what) {
        try (InputStream in = Files.newInputStream(file)) {
            into.load(in);
        } catch (IOException e) {
            throw new UserError("cannot read " + what + " " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether two paths name one file (the same path, or one file through links), as far as can be told: what
     * a command checks before writing a file it was not asked to overwrite (one of its inputs).
     */
    public static boolean sameFile(Path a, Path b) {
        try {
            return Files.exists(a) && Files.exists(b) ? Files.isSameFile(a, b) : a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Runs {@code stop} on Ctrl-C (SIGINT) and SIGTERM instead of ending the JVM, so that the program can
     * drain, flush and print its summary, then exit 0.
     */
    public static void onStopSignal(Runnable stop) {
        for (String signal : new String[] {"INT", "TERM"}) {
            sun.misc.Signal.handle(new sun.misc.Signal(signal), s -> stop.run());
        }
    }

    /** {@code <vigie.home>/config/<name>.properties}, the program's settings file. */
    public static Path configFile(String commandName) {
        String home = System.getProperty("vigie.home", ".");
        return Path.of(home, "config", commandName.replaceFirst("^vigie-", "") + ".properties");
    }

    /**
     * Option defaults from a settings file: key is the option's long name without dashes
     * ({@code bootstrap-server=broker:9092}), the same key for a program's subcommands. A missing file means
     * the built-in defaults.
     */
    static final class ConfigDefaults implements CommandLine.IDefaultValueProvider {
        private final Properties values = new Properties();

        ConfigDefaults(Path file) {
            if (Files.isRegularFile(file)) {
                loadProperties(values, file, "settings file");
            }
        }

        @Override
        public String defaultValue(ArgSpec arg) {
            if (arg instanceof OptionSpec option) {
                String value = values.getProperty(option.longestName().replaceFirst("^-+", ""));
                return value == null ? null : value.strip();
            }
            return null;
        }
    }
}
