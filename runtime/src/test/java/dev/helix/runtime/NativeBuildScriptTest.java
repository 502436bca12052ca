package dev.helix.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * native/build.sh without building (a build takes about 11 minutes): {@code --dry-run} shows, for each backend, the
 * cmake configuration it would use and where it would install, and bad options fail with a message and status 2.
 */
class NativeBuildScriptTest {
    private static final Path SCRIPT = Path.of("..", "native", "build.sh");

    @TempDir
    Path prefix;

    private record Run(int status, String out, String err) {
    }

    @BeforeEach
    void needsBash() {
        Assumptions.assumeTrue(Files.isRegularFile(SCRIPT), "native/build.sh not beside this module");
        Assumptions.assumeFalse(System.getProperty("os.name").startsWith("Windows"), "build.sh is a bash script");
    }

    private Run run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString(), "--prefix", prefix.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File(
                "/dev/null"))).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "a hang guard");
        return new Run(process.exitValue(), out, err);
    }

    @ParameterizedTest
    @CsvSource({
        "cpu,   current, -DGGML_NATIVE=ON -DGGML_CUDA=OFF -DGGML_METAL=OFF, v0.5.0",
        "cuda,  current, -DGGML_NATIVE=ON -DGGML_CUDA=ON -DGGML_METAL=OFF,  v0.5.0",
        "metal, current, -DGGML_NATIVE=ON -DGGML_METAL=ON,                  v0.5.0",
        "cpu,   b4980,   -DGGML_NATIVE=ON -DGGML_CUDA=OFF -DGGML_METAL=OFF, b4980"})
    void aDryRunShowsTheCmakeConfigurationAndTheInstallPlace(String backend, String tag, String backendFlags,
                                                            String gitTag) throws Exception {
        Run run = run("--dry-run", "--backend", backend, "--tag", tag, "--jobs", "3");
        assertEquals(0, run.status(), run.err());
        String cmake = run.out().lines().filter(l -> l.startsWith("cmake -S")).findFirst().orElseThrow();
        for (String flag : ("-DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=ON " + backendFlags).split(" ")) {
            assertTrue(cmake.contains(flag), flag + " in " + cmake);
        }
        assertTrue(cmake.contains("-B " + prefix + "/.work/build-" + backend + "-" + tag), cmake);
        assertTrue(run.out().contains("--build " + prefix + "/.work/build-" + backend + "-" + tag
                + " --config Release -j 3 --target llama llama-server llama-simple"), run.out());
        assertTrue(run.out().contains("install: " + prefix + "/" + backend + "/" + tag + "/lib"), run.out());
        assertTrue(run.out().contains("--branch " + gitTag + " https://github.com/ggml-org/llama.cpp"), run.out());
        assertTrue(Files.notExists(prefix.resolve(backend)), "a dry run installs nothing");
    }

    @Test
    void anUnknownBackendTagOrOptionFailsWithAMessage() throws Exception {
        Run backend = run("--dry-run", "--backend", "vulkan");
        assertEquals(2, backend.status());
        assertTrue(backend.err().contains("unknown --backend 'vulkan' (cpu, cuda or metal)"), backend.err());
        Run tag = run("--dry-run", "--tag", "b1");
        assertEquals(2, tag.status());
        assertTrue(tag.err().contains("unknown --tag 'b1' (current or b4980)"), tag.err());
        Run option = run("--frobnicate");
        assertEquals(2, option.status());
        assertTrue(option.err().contains("unknown option: --frobnicate"), option.err());
    }
}
