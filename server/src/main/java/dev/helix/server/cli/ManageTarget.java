package dev.helix.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.router.ModelCatalog;
import dev.helix.router.config.HelixConfig;
import java.util.Optional;

/**
 * Where {@code helix pull|cp|rm|create} act: on the server at --host/--port when one answers (so it sees the change at
 * once), else on the local configuration's stores directly.
 */
final class ManageTarget {
    private ManageTarget() {}

    static Optional<ServerClient> server(AddressOptions address, ConfigOptions config) {
        JsonNode server = config.serverSection();
        String host = address.host(server.path("host").isTextual() ? server.get("host").asText() : null);
        int port = address.port(server.path("port").isInt() ? server.get("port").asInt() : null);
        return ServerClient.probe(host, port);
    }

    static ModelCatalog localCatalog(ConfigOptions config) {
        HelixConfig c = config.load();
        return c.catalog();
    }
}
