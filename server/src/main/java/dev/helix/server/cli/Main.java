package dev.helix.server.cli;

import dev.helix.provider.ProviderException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar helix.jar <command>}. Picocli builds a command's model by reflection over its annotations; for
 * a known command only that one is built (building all of them took ~0.3 s of the server's start-up), for anything
 * else (no command, help, a typo) all of them, so help and suggestions stay complete.
 */
@Command(name = "helix", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "A local LLM runtime and router: GGUF models through llama.cpp, served to OpenAI and Ollama clients.")
public final class Main implements Runnable {
    private static final Map<String, Supplier<Object>> COMMANDS = commands();
    private static final String LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

    private static Map<String, Supplier<Object>> commands() {
        Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
        commands.put("serve", ServeCommand::new);
        commands.put("models", ModelsCommand::new);
        commands.put("providers", ProvidersCommand::new);
        commands.put("logs", LogsCommand::new);
        commands.put("config", ConfigCommand::new);
        commands.put("health", HealthCommand::new);
        commands.put("ps", PsCommand::new);
        commands.put("stop", StopCommand::new);
        commands.put("status", StatusCommand::new);
        commands.put("doctor", DoctorCommand::new);
        commands.put("completion", CompletionCommand::new);
        commands.put("run", RunCommand::new);
        commands.put("show", ShowCommand::new);
        commands.put("pull", PullCommand::new);
        commands.put("create", CreateCommand::new);
        commands.put("cp", CopyCommand::new);
        commands.put("rm", RemoveCommand::new);
        commands.put("help", CommandLine.HelpCommand::new);
        return java.util.Collections.unmodifiableMap(commands);
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        PollerMode.choose();
        if ((args.length == 0 || !args[0].equals("serve")) && System.getProperty(LOG_LEVEL) == null) {
            // The router and the runtime log for the server's log. The other commands say what matters in their own
            // output, and a failure as one line: a log line would come before it, and often say the same (a failed
            // load is logged too). -Dorg.slf4j.simpleLogger.defaultLogLevel=debug shows them when needed.
            System.setProperty(LOG_LEVEL, "off");
        }
        System.exit(execute(args));
    }

    /** The whole command tree, every command built (for completion scripts). */
    static CommandLine withAllCommands() {
        var cli = new CommandLine(new Main());
        COMMANDS.forEach((name, command) -> cli.addSubcommand(name, command.get()));
        return cli;
    }

    /** Runs a command line and returns its exit status: 0 done, 1 failed, 2 wrong usage. */
    public static int execute(String... args) {
        var cli = new CommandLine(new Main());
        String first = args.length > 0 ? args[0] : "";
        if (COMMANDS.containsKey(first) && !first.equals("help")) {
            cli.addSubcommand(first, COMMANDS.get(first).get());
        } else {
            COMMANDS.forEach((name, command) -> cli.addSubcommand(name, command.get()));
        }
        cli.setParameterExceptionHandler((e, arguments) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("helix: " + oneLine(e.getMessage()) + " (see '"
                    + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            String message = switch (e) {
                case CliException c -> c.getMessage();
                case ProviderException p -> p.getMessage();
                default -> e.toString();
            };
            commandLine.getErr().println("helix: " + oneLine(message));
            return 1;
        });
        return cli.execute(args);
    }

    /** A failure is reported on one line: a message of several (several problems, a cause's own lines) is joined. */
    static String oneLine(String message) {
        return message == null ? "" : String.join("; ", message.strip().split("\\s*\\R\\s*"));
    }
}
