package dev.helix.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.runtime.testing.TestEngine;
import dev.helix.runtime.testing.TestModels;
import dev.helix.server.cli.CliProcess;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code helix models|pull|create|cp|rm} as a person runs them, in a child process with a temporary home. */
@Tag(TestEngine.TAG)
@Timeout(180)
class StoresCliTest {
    @TempDir
    Path home;

    private static String freePort() throws Exception {
        try (var socket = new ServerSocket(0)) {
            return Integer.toString(socket.getLocalPort());
        }
    }

    private Map<String, String> env(String hub) {
        return Map.of("HF_ENDPOINT", hub, "OLLAMA_MODELS", home.resolve(".ollama/models").toString(),
                "HF_HUB_CACHE", home.resolve(".cache/huggingface/hub").toString());
    }

    @Test
    void listPullCreateCopyAndRemoveWithoutAServer() throws Exception {
        StoreHome.ollamaModel(home.resolve(".ollama/models"), "tinyllama", "latest", TestModels.tiny(), null, null,
                null);
        var helix = new CliProcess(home);
        String port = freePort();
        try (var hub = new FakeHub()) {
            hub.repo("acme/Tiny-GGUF", Map.of("tiny-Q8_0.gguf", Files.readAllBytes(TestModels.tiny())));
            var env = env(hub.url().toString());

            var pull = helix.run(env, "pull", "hf.co/acme/Tiny-GGUF:Q8_0", "--port", port);
            assertEquals(0, pull.exit(), pull.err());
            assertTrue(pull.out().contains("pulling manifest") && pull.out().contains("verifying sha256 digest")
                    && pull.out().contains("pulled as hf.co/acme/Tiny-GGUF:Q8_0"), pull.out());

            Files.writeString(home.resolve("Modelfile"), "FROM tinyllama\nSYSTEM You are brief.\nPARAMETER num_predict 2\n");
            var create = helix.run(env, "create", "brief", "-f", home.resolve("Modelfile").toString(), "--port", port);
            assertEquals(0, create.exit(), create.err());
            var copy = helix.run(env, "cp", "hf.co/acme/Tiny-GGUF:Q8_0", "mine", "--port", port);
            assertEquals(0, copy.exit(), copy.err());

            var list = helix.run(env, "models", "--port", port);
            assertEquals(0, list.exit(), list.err());
            for (String line : new String[] {"tinyllama:latest", "hf.co/acme/Tiny-GGUF:Q8_0", "brief", "mine"}) {
                assertTrue(list.out().contains(line), list.out());
            }
            assertTrue(list.out().lines().anyMatch(l -> l.startsWith("tinyllama:latest") && l.contains("ollama")),
                    list.out());
            assertTrue(list.out().lines().anyMatch(l -> l.startsWith("brief") && l.contains("variant of "
                    + "tinyllama:latest")), list.out());

            var refused = helix.run(env, "rm", "tinyllama", "--port", port);
            assertEquals(1, refused.exit());
            assertEquals(1, refused.err().strip().lines().count(), refused.err());
            assertTrue(refused.err().contains("is in Ollama's store"), refused.err());
            var removed = helix.run(env, "rm", "brief", "mine", "--port", port);
            assertEquals(0, removed.exit(), removed.err());

            int closed = Integer.parseInt(freePort());
            var offline = helix.run(env("http://127.0.0.1:" + closed), "pull", "hf.co/acme/Other-GGUF:Q8_0",
                    "--port", port);
            assertEquals(1, offline.exit());
            assertEquals("helix: cannot reach 127.0.0.1:" + closed + " (the connection was refused): offline, or the "
                    + "network blocks it; set HF_ENDPOINT to use a mirror", offline.err().strip());
        }
    }

    @Test
    void pullsByOllamaNameFromTheRegistryTheEnvironmentNames() throws Exception {
        var helix = new CliProcess(home);
        String port = freePort();
        try (var registry = new FakeHub()) {
            byte[] tiny = Files.readAllBytes(TestModels.tiny());
            registry.ollamaModel("library", "tiny", "1b", new java.util.LinkedHashMap<>(Map.of(
                    "application/vnd.ollama.image.model", tiny)));
            var env = new java.util.HashMap<>(env("http://127.0.0.1:1"));
            env.put("HELIX_OLLAMA_REGISTRY", registry.url().toString());

            var pull = helix.run(env, "pull", "tiny:1b", "--port", port);
            assertEquals(0, pull.exit(), pull.err());
            assertTrue(pull.out().contains("pulling manifest") && pull.out().contains("pulling "
                    + FakeHub.sha256(tiny).substring(0, 12)) && pull.out().contains("pulled as tiny:1b"), pull.out());
            var list = helix.run(env, "models", "--port", port);
            assertTrue(list.out().lines().anyMatch(l -> l.startsWith("tiny:1b") && l.contains("helix")), list.out());
            var removed = helix.run(env, "rm", "tiny:1b", "--port", port);
            assertEquals(0, removed.exit(), removed.err());
            assertTrue(helix.run(env, "models", "--port", port).out().lines().noneMatch(l -> l.startsWith("tiny:1b")));
        }
    }
}
