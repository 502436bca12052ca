package dev.helix.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.runtime.testing.TestEngine;
import dev.helix.server.Http;
import dev.helix.server.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code helix ps}, {@code helix stop MODEL}, {@code helix status} and {@code helix models --json} as a user runs them (a child JVM per command)
 * against a real server: what each prints and its exit code, with a model loaded, after it is stopped, and with no
 * server at all.
 */
@Timeout(240)
@Tag(TestEngine.TAG)
class DailyCliTest {
    @TempDir
    Path dir;

    @Test
    void psStopAndStatusAgainstARunningServer() throws Exception {
        var helix = new CliProcess(Files.createDirectories(dir.resolve("home")));
        try (var server = TestServer.start()) {
            String port = Integer.toString(server.port());
            server.router().loaded().forEach(m -> server.router().unload(m.entry().id()));
            var empty = helix.run("ps", "--port", port);
            assertEquals(0, empty.exit(), empty.err());
            assertEquals("NAME  SIZE  UNTIL  ACTIVE", empty.out().lines().findFirst().orElse("").replaceAll(" +", "  "),
                    empty.out());
            assertEquals(1, empty.out().lines().count(), "nothing loaded: " + empty.out());

            assertEquals(200, Http.post(server.url() + "/api/generate", """
                    {"model":"tiny","prompt":"hi","stream":false,"keep_alive":"5m","options":{"num_predict":2}}""")
                    .statusCode());
            var ps = helix.run("ps", "--port", port);
            assertEquals(0, ps.exit(), ps.err());
            assertTrue(ps.out().lines().anyMatch(l -> l.startsWith("tiny ") && l.matches(".* [0-9.]+ [KMG]B .*")), ps.out());
            var psJson = new ObjectMapper().readTree(helix.run("ps", "--json", "--port", port).out());
            assertEquals("tiny", psJson.get(0).get("name").asText());
            assertTrue(psJson.get(0).hasNonNull("expires_at"), "a 5m keep-alive has an expiry: " + psJson);

            var models = new ObjectMapper().readTree(helix.run("models", "--json", "--port", port).out());
            boolean tinyLoaded = false;
            for (var m : models) {
                tinyLoaded |= m.get("name").asText().equals("tiny:latest") && m.get("loaded").asText().startsWith("until ");
            }
            assertTrue(tinyLoaded, "models --json lists tiny as loaded: " + models);

            var status = helix.run("status", "--port", port);
            assertEquals(0, status.exit(), status.err());
            assertTrue(status.out().startsWith("Helix "), status.out());
            assertTrue(status.out().contains("1 loaded"), status.out());
            assertTrue(status.out().lines().anyMatch(l -> l.startsWith("tiny ") && l.contains("loaded")), status.out());
            assertTrue(status.out().lines().anyMatch(l -> l.startsWith("local ") && l.contains("UP")), status.out());
            assertEquals("test", new ObjectMapper().readTree(helix.run("status", "--json", "--port", port).out())
                    .get("version").asText());

            var stop = helix.run("stop", "tiny", "--port", port);
            assertEquals(0, stop.exit(), stop.err());
            assertEquals("stopped tiny\n", stop.out());
            assertTrue(server.router().loaded().stream().noneMatch(m -> m.entry().id().equals("tiny")),
                    "the model was unloaded");
            assertEquals(1, helix.run("ps", "--port", port).out().lines().count());

            var unknown = helix.run("stop", "nosuch", "--port", port);
            assertEquals(1, unknown.exit(), unknown.out());
            assertTrue(unknown.err().startsWith("helix: nosuch: "), unknown.err());
        }
        for (String command : new String[] {"ps", "status"}) {
            var none = helix.run(command, "--port", "1");
            assertEquals(1, none.exit(), command + ": " + none.out());
            assertTrue(none.err().contains("no Helix server answers at"), command + ": " + none.err());
        }
    }
}
