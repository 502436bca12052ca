package dev.helix.benchmarks;

import dev.helix.server.cli.Main;

/**
 * The load tool from the benchmarks jar: {@code java -cp benchmarks/target/benchmarks.jar dev.helix.benchmarks.Bench
 * ARGS} is {@code helix bench ARGS} (and {@code Bench chat ...}, {@code Bench model ...}); the engine is the server's,
 * so both give the same figures.
 */
public final class Bench {
    private Bench() {}

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        String[] command = new String[args.length + 1];
        command[0] = "bench";
        System.arraycopy(args, 0, command, 1, args.length);
        System.exit(Main.execute(command));
    }
}
