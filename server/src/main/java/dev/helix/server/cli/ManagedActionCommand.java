package dev.helix.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code helix providers start|stop|restart NAME}: one action on a provider the running server runs itself. */
abstract sealed class ManagedActionCommand implements Callable<Integer>
        permits ManagedActionCommand.Start, ManagedActionCommand.Stop, ManagedActionCommand.Restart {
    @Mixin
    AddressOptions address;

    @Mixin
    ConfigOptions config;

    @Parameters(paramLabel = "NAME", description = "The provider's name in models.yaml (one with a managed block).")
    String name;

    abstract String action();

    @Override
    public Integer call() throws Exception {
        ServerClient client = ServerClient.require(address, config);
        JsonNode answer;
        try {
            answer = client.post("/helix/providers/" + java.net.URLEncoder.encode(name,
                    java.nio.charset.StandardCharsets.UTF_8) + "/" + action());
        } catch (ServerClient.ServerError e) {
            throw new CliException(e.getMessage());
        }
        JsonNode p = answer.path("provider");
        long pid = p.path("pid").asLong(-1);
        System.out.printf("%s: %s%s%n", name, p.path("state").asText().toLowerCase(java.util.Locale.ROOT),
                pid > 0 ? " (pid " + pid + ", port " + p.path("port").asInt() + ")" : "");
        return 0;
    }

    @picocli.CommandLine.Command(name = "start", mixinStandardHelpOptions = true,
            description = "Start a managed provider now (a failed one starts afresh). Returns once it is started, "
                    + "not once it is ready: see helix providers or helix logs NAME -f.")
    static final class Start extends ManagedActionCommand {
        @Override
        String action() {
            return "start";
        }
    }

    @picocli.CommandLine.Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Stop a managed provider (SIGTERM, SIGKILL after its grace period); the next request "
                    + "that needs it starts it again.")
    static final class Stop extends ManagedActionCommand {
        @Override
        String action() {
            return "stop";
        }
    }

    @picocli.CommandLine.Command(name = "restart", mixinStandardHelpOptions = true,
            description = "Stop a managed provider, then start it.")
    static final class Restart extends ManagedActionCommand {
        @Override
        String action() {
            return "restart";
        }
    }
}
