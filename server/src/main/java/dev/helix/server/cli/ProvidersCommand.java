package dev.helix.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "providers", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"List the backends a running Helix routes to: its own models and each external server, with "
                + "health, circuit breaker, requests in flight, latency and models.",
                "Asks the server at --host/--port (GET /helix/providers)."})
final class ProvidersCommand implements Callable<Integer> {
    @Mixin
    AddressOptions address;

    @Mixin
    ConfigOptions config;

    @Option(names = "--json", description = "Print the server's JSON as it is.")
    boolean json;

    @Override
    public Integer call() throws IOException, InterruptedException {
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
        return 0;
    }
}
