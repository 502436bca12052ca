package dev.helix.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "providers", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"List the backends a running Helix routes to: its own models and each external server, with "
                + "health, circuit breaker, requests in flight, latency and models; the servers it runs itself with "
                + "their state.",
                "Asks the server at --host/--port (GET /helix/providers). With --installed, asks nobody: looks for "
                        + "provider servers installed on this machine."},
        subcommands = {ManagedActionCommand.Start.class, ManagedActionCommand.Stop.class,
                ManagedActionCommand.Restart.class})
final class ProvidersCommand implements Callable<Integer> {
    @Mixin
    AddressOptions address;

    @Mixin
    ConfigOptions config;

    @Option(names = "--json", description = "Print the server's JSON as it is.")
    boolean json;

    @Option(names = "--installed", description = "Look for ollama, vllm, lms, koboldcpp, local-ai, mistralrs-server, "
            + "mlx_lm.server, text-generation-webui, tabbyAPI, gpt4all, jan and llama-server on the PATH and in their "
            + "usual places; print a managed block for each found, and its install command for the rest (never run).")
    boolean installed;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (installed) {
            return installed();
        }
        JsonNode server = config.serverSection();
        String host = address.host(server.path("host").isTextual() ? server.get("host").asText() : null);
        int port = address.port(server.path("port").isInt() ? server.get("port").asInt() : null);
        ServerClient client = ServerClient.probe(host, port).orElseThrow(() -> new CliException(
                "no Helix server answers at " + host + ":" + port + " (start one with: helix serve)"));
        JsonNode providers = client.get("/helix/providers");
        if (json) {
            System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(providers));
            return 0;
        }
        var table = new Table("ID", "KIND", "ENDPOINT", "HEALTH", "BREAKER", "IN FLIGHT", "LATENCY", "MODELS");
        for (JsonNode p : providers.path("providers")) {
            var models = new ArrayList<String>();
            p.path("models").forEach(m -> models.add(m.asText()));
            double latency = p.path("latency_millis").asDouble();
            table.row(p.path("id").asText(), p.path("kind").asText(), p.path("endpoint").asText("-").isEmpty() ? "-"
                            : p.path("endpoint").asText(), p.path("health").asText(), p.path("breaker").asText(),
                    p.path("in_flight").asText(), latency > 0 ? String.format("%.0f ms", latency) : "-",
                    models.isEmpty() ? "-" : String.join(", ", models));
        }
        System.out.print(table);
        JsonNode managed = providers.path("managed");
        if (!managed.isEmpty()) {
            var runs = new Table("MANAGED", "STATE", "PID", "PORT", "RESTARTS", "LAST ERROR");
            for (JsonNode m : managed) {
                runs.row(m.path("name").asText(), m.path("state").asText(), m.path("pid").asLong() > 0
                        ? m.path("pid").asText() : "-", m.path("port").asText(), m.path("restarts").asText(),
                        m.path("last_error").asText("-"));
            }
            System.out.print("\n" + runs);
        }
        return 0;
    }

    private int installed() throws IOException {
        var found = new InstalledProviders(System.getenv("PATH"), Path.of(System.getProperty("user.home"))).scan();
        if (json) {
            var out = new ObjectMapper().createArrayNode();
            for (var f : found) {
                var node = out.addObject().put("name", f.server().name()).put("type", f.server().type())
                        .put("installed", f.installed());
                if (f.installed()) {
                    node.put("path", f.at().toString()).put("yaml", InstalledProviders.yaml(f));
                } else {
                    node.put("install", f.server().install());
                }
            }
            System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(out));
            return 0;
        }
        var present = found.stream().filter(InstalledProviders.Found::installed).toList();
        if (present.isEmpty()) {
            System.out.println("No provider server found on the PATH or in the usual places.");
        } else {
            System.out.println("Found " + present.size() + ": add what you want under providers: in models.yaml");
            System.out.println();
            System.out.println("providers:");
            present.forEach(f -> System.out.print(InstalledProviders.yaml(f)));
        }
        var missing = found.stream().filter(f -> !f.installed()).toList();
        if (!missing.isEmpty()) {
            System.out.println();
            System.out.println("Not found (Helix never installs them; each one's own installer does):");
            var table = new Table("SERVER", "INSTALL WITH");
            missing.forEach(f -> table.row(f.server().name(), f.server().install()));
            System.out.print(table);
        }
        return 0;
    }
}
