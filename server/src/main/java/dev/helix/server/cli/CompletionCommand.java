package dev.helix.server.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "completion", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Print a shell completion script for helix.",
                "bash: source <(helix completion bash)   zsh: source <(helix completion zsh)   "
                        + "fish: helix completion fish | source"})
final class CompletionCommand implements Callable<Integer> {
    enum Shell { bash, zsh, fish }

    @Parameters(paramLabel = "SHELL", description = "bash, zsh or fish.")
    Shell shell;

    @Override
    public Integer call() {
        CommandLine helix = Main.withAllCommands();
        System.out.print(switch (shell) {
            case bash -> AutoComplete.bash("helix", helix);
            case zsh -> "autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n"
                    + AutoComplete.bash("helix", helix);
            case fish -> fish(helix);
        });
        return 0;
    }

    /** Subcommands (and theirs), then each one's options, as fish's complete builtin takes them. */
    private static String fish(CommandLine helix) {
        var out = new StringBuilder("complete -c helix -f\n");
        helix.getSubcommands().forEach((name, sub) -> {
            out.append("complete -c helix -n __fish_use_subcommand -a ").append(name).append(" -d ")
                    .append(quoted(description(sub))).append('\n');
            sub.getSubcommands().forEach((child, c) -> out.append("complete -c helix -n \"__fish_seen_subcommand_from ")
                    .append(name).append("\" -a ").append(child).append(" -d ").append(quoted(description(c)))
                    .append('\n'));
            for (var option : sub.getCommandSpec().options()) {
                if (option.hidden()) {
                    continue; // hooks for tests, not for people
                }
                for (String n : option.names()) {
                    if (n.startsWith("--")) {
                        out.append("complete -c helix -n \"__fish_seen_subcommand_from ").append(name)
                                .append("\" -l ").append(n.substring(2)).append(option.arity().max() > 0 ? " -r" : "")
                                .append(" -d ").append(quoted(option.description().length == 0 ? ""
                                        : option.description()[0])).append('\n');
                    }
                }
            }
        });
        return out.toString();
    }

    private static String description(CommandLine command) {
        String[] d = command.getCommandSpec().usageMessage().description();
        return d.length == 0 ? "" : d[0];
    }

    private static String quoted(String text) {
        String first = text.split("(?<=\\.) ")[0];
        return "'" + first.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
