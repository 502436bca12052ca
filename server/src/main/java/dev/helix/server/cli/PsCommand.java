package dev.helix.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "ps", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"List the models a running Helix has loaded: size, when each is unloaded, requests on it now.",
                "Asks the server at --host/--port (GET /helix/overview), as `ollama ps` does."})
final class PsCommand implements Callable<Integer> {
    @Mixin
    AddressOptions address;

    @Mixin
    ConfigOptions config;

    @Option(names = "--json", description = "Print the loaded models as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        JsonNode overview = ServerClient.require(address, config).get("/helix/overview");
        var loaded = new ObjectMapper().createArrayNode();
        for (JsonNode m : overview.path("models")) {
            if (m.path("loaded").asBoolean()) {
                loaded.add(m);
            }
        }
        if (json) {
            System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(loaded));
            return 0;
        }
        var table = new Table("NAME", "SIZE", "UNTIL", "ACTIVE");
        for (JsonNode m : loaded) {
            table.row(m.path("name").asText(), Table.bytes(m.path("size_bytes").asLong()),
                    m.hasNonNull("expires_at") ? m.get("expires_at").asText() : "forever / in use",
                    m.path("active_requests").asText());
        }
        System.out.print(table);
        return 0;
    }
}
