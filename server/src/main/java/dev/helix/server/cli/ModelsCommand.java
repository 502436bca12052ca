package dev.helix.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.router.ModelCatalog;
import dev.helix.router.ModelEntry;
import dev.helix.router.UnreadableModel;
import dev.helix.router.config.HelixConfig;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "models", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"List the models Helix can serve and which are loaded.",
                "With a server running at --host/--port, its view is shown; otherwise the local configuration's."})
final class ModelsCommand implements Callable<Integer> {
    @Mixin
    AddressOptions address;

    @Mixin
    ConfigOptions config;

    @picocli.CommandLine.Option(names = "--json", description = "Print the models as JSON (the table's columns).")
    boolean json;

    @Override
    public Integer call() throws IOException, InterruptedException {
        JsonNode server = config.serverSection();
        String host = address.host(server.path("host").isTextual() ? server.get("host").asText() : null);
        int port = address.port(server.path("port").isInt() ? server.get("port").asInt() : null);
        Optional<ServerClient> client = ServerClient.probe(host, port);
        if (client.isPresent()) {
            printFromServer(client.get(), json);
        } else {
            printLocal(config.load(), config.locate(), host, port, json);
        }
        return 0;
    }

    private static void printFromServer(ServerClient client, boolean json) throws IOException, InterruptedException {
        Map<String, String> loaded = new HashMap<>();
        for (JsonNode m : client.get("/api/ps").path("models")) {
            loaded.put(m.path("name").asText(), "until " + m.path("expires_at").asText());
        }
        var table = new Table("NAME", "SIZE", "FAMILY", "PARAMETERS", "QUANTIZATION", "FROM", "LOADED");
        for (JsonNode m : client.get("/api/tags").path("models")) {
            JsonNode d = m.path("details");
            String name = m.path("name").asText();
            table.row(name, Table.bytes(m.path("size").asLong()), d.path("family").asText("-"),
                    d.path("parameter_size").asText("-"), d.path("quantization_level").asText("-"),
                    source(m.path("source")), loaded.getOrDefault(name, "no"));
        }
        if (json) {
            System.out.println(table.json());
            return;
        }
        System.out.print(table);
        System.out.println("(from the server at " + client.address() + ")");
    }

    private static void printLocal(HelixConfig c, ConfigFile file, String host, int port, boolean json) {
        ModelCatalog catalog = c.catalog();
        List<ModelEntry> models = catalog.available();
        List<UnreadableModel> unreadable = catalog.unreadable();
        if (models.isEmpty() && json) {
            System.out.println("[]");
            return;
        }
        if (models.isEmpty()) {
            unreadable.forEach(u -> System.out.println(notServed(u)));
            System.out.print(new NoModelsNotice(c.modelsDir(), file, unreadable.size()).text());
            return;
        }
        var table = new Table("NAME", "SIZE", "FAMILY", "PARAMETERS", "QUANTIZATION", "FROM", "PATH");
        for (ModelEntry entry : models) {
            var info = catalog.describe(entry.id(), entry);
            var stored = catalog.stored(entry.id());
            String from = stored.map(m -> m.store().key() + (m.parts() > 1 ? " (" + m.parts() + " parts)" : "")
                    + (m.projector() != null ? " +vision projector" : "")
                    + (m.variantOf() != null ? " variant of " + m.variantOf() : "")).orElse("models.yaml");
            table.row(entry.id(), Table.bytes(info.sizeBytes()), info.family() != null ? info.family() : "unreadable",
                    info.parameterSize() != null ? info.parameterSize() : "-",
                    info.quantization() != null ? info.quantization() : "-", from, entry.path().toString());
        }
        if (json) {
            System.out.println(table.json());
            return;
        }
        System.out.print(table);
        catalog.collisions().forEach(collision -> System.out.println(collision.describe()));
        unreadable.stream().filter(u -> !u.configured()).forEach(u -> System.out.println(notServed(u)));
        System.out.println("(no Helix server at " + host + ":" + port + ", so none is loaded)");
    }

    /** Where a model listed by a server came from: its store, split parts, projector, base model. */
    private static String source(JsonNode s) {
        if (s.isMissingNode() || s.isNull()) {
            return "-";
        }
        return s.path("store").asText("-") + (s.path("parts").asInt(1) > 1 ? " (" + s.path("parts").asInt() + " parts)"
                : "") + (s.hasNonNull("projector") ? " +vision projector" : "")
                + (s.hasNonNull("from") ? " variant of " + s.path("from").asText() : "");
    }

    /** A file in the models folder that is left out, or a configured model whose file is missing or unreadable. */
    private static String notServed(UnreadableModel u) {
        return u.configured() ? "models.yaml entry \"" + u.id() + "\": " + u.path() + ": " + u.reason()
                : "not served: " + u.path() + ": " + u.reason();
    }
}
