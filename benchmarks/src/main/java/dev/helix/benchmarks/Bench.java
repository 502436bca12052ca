package dev.helix.benchmarks;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * The load tool: {@code java -cp benchmarks/target/benchmarks.jar dev.helix.benchmarks.Bench ARGS} (and
 * {@code Bench chat ...}, {@code Bench model ...}). It lives in the benchmarks jar, not in helix.jar; the jar holds the
 * server too, so {@code --spawn} starts a Helix from it. A problem the user can fix is one line on stderr
 * ({@code bench: ...}) with status 1; a wrong command line, status 2.
 */
public final class Bench {
    private Bench() {}

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit status: 0 done, 1 failed, 2 wrong usage. */
    static int execute(String... args) {
        var cli = new CommandLine(new BenchCommand());
        cli.setParameterExceptionHandler((e, arguments) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("bench: " + oneLine(e.getMessage()) + " (see '"
                    + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("bench: " + oneLine(e instanceof BenchException ? e.getMessage()
                    : e.toString()));
            return 1;
        });
        return cli.execute(args);
    }

    private static String oneLine(String message) {
        return message == null ? "" : String.join("; ", message.strip().split("\\s*\\R\\s*"));
    }
}
