package dev.helix.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.runtime.testing.TestEngine;
import dev.helix.server.TestServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code helix doctor} as a user runs it (a child JVM with a home folder of its own): every check present, the tiny
 * model really generated in a runner, and each way to fail shown with its fix and exit 1: a port a plain socket holds,
 * an invalid models.yaml (file and line), a CPU without AVX2 (an injected cpuinfo), and a GPU line from an injected
 * nvidia-smi. A Helix holding the port is fine.
 */
@Timeout(240)
@Tag(TestEngine.TAG)
class DoctorCliTest {
    private static final List<String> CHECKS = List.of("java", "cpu", "gpu", "native library", "tiny model",
            "ffm library", "config", "port", "helix home", "models folder", "disk space", "model stores");
    private static final Pattern TOKENS = Pattern.compile("(\\d+) tokens generated in \\d+ ms");

    @TempDir
    Path dir;

    @Test
    void everyCheckIsThereAndTheTinyModelReallyGenerates() throws Exception {
        var helix = new CliProcess(Files.createDirectories(dir.resolve("home")));
        var text = helix.run("doctor", "--port", "0");
        Map<String, String> lines = new LinkedHashMap<>();
        for (String line : text.out().lines().toList()) {
            if (line.matches("(ok|warn|fail) +\\S.*")) {
                lines.put(line.substring(6, 21).strip(), line.substring(0, 5).strip() + " " + line.substring(22));
            }
        }
        assertEquals(CHECKS, List.copyOf(lines.keySet()), text.out());
        assertEquals(lines.values().stream().anyMatch(l -> l.startsWith("fail ")) ? 1 : 0, text.exit(), text.out());
        assertTrue(lines.get("tiny model").startsWith("ok "), text.out());
        Matcher tokens = TOKENS.matcher(lines.get("tiny model"));
        assertTrue(tokens.find() && Integer.parseInt(tokens.group(1)) > 0, lines.get("tiny model"));
        assertTrue(lines.get("native library").matches("ok .*llama\\.cpp b4916 .*: CPU : .*"), text.out());
        assertTrue(lines.get("ffm library").matches("(ok|warn) .*\\(C API (b4916|2026-09).*CPU : .*"), text.out());
        assertTrue(lines.get("config").contains("built-in defaults"), text.out());
        assertTrue(lines.get("port").contains("any free port"), text.out());
        assertTrue(text.out().strip().lines().toList().getLast().matches("(all 12 checks ok|12 checks: .*)"),
                text.out());

        var json = helix.run("doctor", "--json", "--port", "0");
        JsonNode checks = new ObjectMapper().readTree(json.out());
        assertEquals(CHECKS, names(checks), json.out());
        for (JsonNode c : checks) {
            assertTrue(c.get("status").asText().matches("ok|warn|fail"), c.toString());
            assertEquals(!c.get("status").asText().equals("ok"), c.hasNonNull("fix"), c.toString());
        }
        Matcher jsonTokens = TOKENS.matcher(byName(checks, "tiny model").get("detail").asText());
        assertTrue(jsonTokens.find() && Integer.parseInt(jsonTokens.group(1)) > 0, json.out());
    }

    @Test
    void eachFailureShowsItsFixAndExitsOne() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Path config = Files.createDirectories(home.resolve(".helix")).resolve("models.yaml");
        Files.writeString(config, "# models\nmax_loaded_models: 2\nkeep_alive: nope\n");
        Path cpuinfo = Files.writeString(dir.resolve("cpuinfo"), """
                processor	: 0
                vendor_id	: GenuineIntel
                model name	: Intel(R) Xeon(R) CPU E5-2670 0 @ 2.60GHz
                flags		: fpu vme de pse tsc msr pae mce cx8 apic sse sse2 ssse3 sse4_1 sse4_2 avx

                processor	: 1
                flags		: fpu avx avx2
                """);
        Path smi = dir.resolve("nvidia-smi");
        Files.writeString(smi, "#!/bin/sh\necho 'NVIDIA H200, 143771 MiB, 570.86.15'\n");
        Files.setPosixFilePermissions(smi, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (var held = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            var result = new CliProcess(home).run("doctor", "--json", "--host", "127.0.0.1", "--port",
                    Integer.toString(held.getLocalPort()), "--cpuinfo", cpuinfo.toString(), "--nvidia-smi",
                    smi.toString());
            assertEquals(1, result.exit(), result.out() + result.err());
            JsonNode checks = new ObjectMapper().readTree(result.out());
            assertEquals(CHECKS, names(checks), result.out());

            JsonNode port = byName(checks, "port");
            assertEquals("fail", port.get("status").asText(), port.toString());
            assertTrue(port.get("detail").asText().contains(held.getLocalPort() + " is taken by another program"),
                    port.toString());
            assertTrue(port.get("fix").asText().contains("--port") && port.get("fix").asText().contains("HELIX_PORT"),
                    port.toString());

            JsonNode configCheck = byName(checks, "config");
            assertEquals("fail", configCheck.get("status").asText(), configCheck.toString());
            assertTrue(configCheck.get("detail").asText().startsWith(config + ": line 3: keep_alive: "),
                    configCheck.toString());

            JsonNode cpu = byName(checks, "cpu");
            assertEquals("fail", cpu.get("status").asText(), cpu.toString());
            assertTrue(cpu.get("detail").asText().contains("avx2 no") && cpu.get("detail").asText().contains("SIGILL"),
                    "the first processor's flags, without AVX2: " + cpu);
            assertTrue(cpu.get("fix").asText().contains("-Dde.kherud.llama.lib.path=DIR"), cpu.toString());

            JsonNode gpu = byName(checks, "gpu");
            assertEquals("warn", gpu.get("status").asText(), gpu.toString());
            assertTrue(gpu.get("detail").asText().startsWith("NVIDIA H200, 143771 MiB, driver 570.86.15 (nvidia-smi)"),
                    gpu.toString());
            assertTrue(gpu.get("fix").asText().contains("CUDA"), gpu.toString());
        }
        var text = new CliProcess(home).run("doctor", "--port", "0");
        assertEquals(1, text.exit(), text.out());
        assertTrue(text.out().contains("fail  config          " + config + ": line 3: "), text.out());
        assertTrue(text.out().contains("\n      fix: correct the file"), text.out());
    }

    @Test
    void aHelixHoldingThePortIsFine() throws Exception {
        var helix = new CliProcess(Files.createDirectories(dir.resolve("home")));
        try (var server = TestServer.start()) {
            var result = helix.run("doctor", "--json", "--port", Integer.toString(server.port()));
            JsonNode port = byName(new ObjectMapper().readTree(result.out()), "port");
            assertEquals("ok", port.get("status").asText(), port.toString());
            assertTrue(port.get("detail").asText().endsWith(": a Helix is serving there (Helix test)"), port.toString());
        }
    }

    private static List<String> names(JsonNode checks) {
        return java.util.stream.StreamSupport.stream(checks.spliterator(), false).map(c -> c.get("name").asText())
                .toList();
    }

    private static JsonNode byName(JsonNode checks, String name) {
        for (JsonNode c : checks) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no " + name + " check in " + checks);
    }
}
