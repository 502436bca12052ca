package dev.helix.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "health", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Exit 0 when the Helix server at --host/--port answers its health check, 1 when not: for "
                + "scripts and container probes (GET /health, open without an API key)."})
final class HealthCommand implements Callable<Integer> {
    @Mixin
    AddressOptions address;

    @Mixin
    ConfigOptions config;

    @Override
    public Integer call() throws Exception {
        JsonNode server = config.serverSection();
        String host = address.host(server.path("host").isTextual() ? server.get("host").asText() : null);
        int port = address.port(server.path("port").isInt() ? server.get("port").asInt() : null);
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        try (var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            var response = http.send(HttpRequest.newBuilder(URI.create("http://" + h + ":" + port + "/health"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                System.out.println("ok: Helix at " + h + ":" + port);
                return 0;
            }
            throw new CliException("the server at " + h + ":" + port + " answered HTTP " + response.statusCode());
        } catch (java.io.IOException e) {
            throw new CliException("no Helix server answers at " + h + ":" + port);
        }
    }
}
