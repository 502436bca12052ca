package dev.helix.server.cli;

import dev.helix.runtime.ProviderException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar helix.jar <command>}. */
@Command(name = "helix", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "A local LLM runtime and router: GGUF models through llama.cpp, served to OpenAI and Ollama clients.",
        subcommands = {ServeCommand.class, ModelsCommand.class, RunCommand.class, ShowCommand.class,
                BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        if (args.length == 0 || !args[0].equals("serve")) {
            // Only the server logs at info; the other commands print their own output and nothing else.
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit status: 0 done, 1 failed, 2 wrong usage. */
    public static int execute(String... args) {
        var cli = new CommandLine(new Main());
        cli.setParameterExceptionHandler((e, arguments) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("helix: " + e.getMessage() + " (see '" + e.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help')");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            String message = switch (e) {
                case CliException c -> c.getMessage();
                case ProviderException p -> p.getMessage();
                default -> e.toString();
            };
            commandLine.getErr().println("helix: " + message);
            return 1;
        });
        return cli.execute(args);
    }
}
