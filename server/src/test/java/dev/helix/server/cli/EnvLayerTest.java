package dev.helix.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The HELIX_* layer read from an environment passed in: names, types, old names, mistakes. */
class EnvLayerTest {
    @Test
    void everyKeyHasOneVariableAndNoVariableTwoKeys() {
        assertEquals(ConfigKeys.KEYS.size(), ConfigKeys.BY_VARIABLE.size());
        assertEquals("server.max_pending_requests",
                ConfigKeys.BY_VARIABLE.get("HELIX_SERVER_MAX_PENDING_REQUESTS").path());
        assertEquals("alerts.crash_loop.window", ConfigKeys.BY_VARIABLE.get("HELIX_ALERTS_CRASH_LOOP_WINDOW").path());
        ConfigKeys.SHORT_NAMES.values().forEach(path -> assertTrue(ConfigKeys.KEYS.containsKey(path), path));
    }

    @Test
    void valuesAreTypedAsTheFilesTypeThem() {
        var layer = new EnvLayer(Map.of("HELIX_SERVER_PORT", "8080", "HELIX_DEFAULTS_MMAP", "no",
                "HELIX_KEEP_ALIVE", "-1", "HELIX_QUEUE_TIMEOUT", "1m30s", "HELIX_DISCOVERY_PORTS", "1234, 5678",
                "HELIX_SERVER_MAX_REQUEST_BYTES", "8589934592", "PATH", "/bin"));
        var tree = layer.tree();
        assertEquals(8080, tree.at("/server/port").intValue());
        assertTrue(tree.at("/server/port").isInt());
        assertTrue(tree.at("/defaults/mmap").isBoolean() && !tree.at("/defaults/mmap").booleanValue());
        assertEquals(-1, tree.at("/keep_alive").intValue());
        assertEquals("1m30s", tree.at("/queue_timeout").asText());
        assertEquals(5678, tree.at("/discovery/ports/1").intValue());
        assertEquals(8589934592L, tree.at("/server/max_request_bytes").longValue());
        assertEquals("HELIX_SERVER_PORT", layer.variable("server.port"));
        assertTrue(layer.warnings().isEmpty(), layer.warnings().toString());
    }

    @Test
    void gpuLayersTakesAutoOrACount() {
        assertEquals("auto", new EnvLayer(Map.of("HELIX_DEFAULTS_GPU_LAYERS", "AUTO")).tree()
                .at("/defaults/gpu_layers").textValue());
        var count = new EnvLayer(Map.of("HELIX_DEFAULTS_GPU_LAYERS", "20")).tree().at("/defaults/gpu_layers");
        assertTrue(count.isInt());
        assertEquals(20, count.intValue());
    }

    @Test
    void theOldNamesStillWorkAndTheLongFormWins() {
        var old = new EnvLayer(Map.of("HELIX_PORT", "9000", "HELIX_HOST", "0.0.0.0"));
        assertEquals(9000, old.tree().at("/server/port").intValue());
        assertEquals("HELIX_PORT", old.variable("server.port"));
        assertEquals("0.0.0.0", old.tree().at("/server/host").asText());
        var both = new EnvLayer(Map.of("HELIX_PORT", "9000", "HELIX_SERVER_PORT", "9001"));
        assertEquals(9001, both.tree().at("/server/port").intValue());
        assertEquals("HELIX_SERVER_PORT", both.variable("server.port"));
    }

    @Test
    void aWrongValueNamesItsVariableAndAnUnknownOneGetsTheNearestName() {
        var e = assertThrows(CliException.class, () -> new EnvLayer(Map.of("HELIX_DISCOVERY_ENABLED", "maybe")));
        assertEquals("HELIX_DISCOVERY_ENABLED must be true or false, not \"maybe\"", e.getMessage());
        var layer = new EnvLayer(Map.of("HELIX_MAX_LOADED_MODEL", "3", "HELIX_CONFIG", "/x.yaml",
                "HELIX_ORIGINS", "http://a"));
        assertTrue(layer.isEmpty());
        assertEquals(java.util.List.of("HELIX_MAX_LOADED_MODEL is not a setting Helix knows; did you mean "
                + "HELIX_MAX_LOADED_MODELS? (helix config show lists the settings)"), layer.warnings());
    }
}
