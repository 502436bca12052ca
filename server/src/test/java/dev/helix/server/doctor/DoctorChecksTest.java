package dev.helix.server.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checks' verdicts from inputs a test controls: cpuinfo files, a driver folder, thresholds, runner output. */
class DoctorChecksTest {
    @TempDir
    Path dir;

    @Test
    void javaBelowTheCompiledLevelFails() {
        Check old = JavaCheck.of(Runtime.Version.parse("21.0.5+11"), "Eclipse Adoptium", "/opt/jdk21");
        assertEquals(Check.Status.FAIL, old.status());
        assertTrue(old.fix().contains("Java 25"), old.fix());
        assertEquals(Check.Status.OK, JavaCheck.of(Runtime.Version.parse("25.0.3+9"), "Eclipse Adoptium",
                "/opt/jdk25").status());
    }

    @Test
    void cpuVerdicts() throws Exception {
        Path x86 = Files.writeString(dir.resolve("x86"), "model name\t: Xeon\nflags\t\t: sse avx fma f16c\n");
        Check noAvx2 = CpuCheck.linux("amd64", x86, null);
        assertEquals(Check.Status.FAIL, noAvx2.status());
        assertTrue(noAvx2.detail().startsWith("amd64 (Xeon): avx2 no, fma, f16c, avx512 no"), noAvx2.detail());
        assertEquals(Check.Status.WARN, CpuCheck.linux("amd64", x86, "/opt/llama").status(),
                "a library of one's own may be built for this CPU");
        Path arm = Files.writeString(dir.resolve("arm"), "Features\t: fp asimd evtstrm asimddp sve\n");
        Check neon = CpuCheck.linux("aarch64", arm, null);
        assertEquals(Check.ok("cpu", "aarch64: neon, dotprod, sve"), neon);
        assertEquals(Check.Status.WARN, CpuCheck.linux("amd64", dir.resolve("absent"), null).status());
        Check mac = CpuCheck.mac("x86_64", "Intel Core i7\nFPU FMA F16C AVX1.0\nAVX2 BMI2\n", null);
        assertEquals(Check.ok("cpu", "x86_64 (Intel Core i7): avx2, fma, f16c, avx512 no"), mac);
    }

    @Test
    void gpuFromTheDriverFolderWhenNvidiaSmiIsMissing() throws Exception {
        Path proc = dir.resolve("nvidia");
        Files.createDirectories(proc.resolve("gpus/0000:01:00.0"));
        Files.writeString(proc.resolve("gpus/0000:01:00.0/information"), "Model: \t NVIDIA H100 PCIe\nIRQ: 42\n");
        var probe = new GpuCheck(dir.resolve("no-such-nvidia-smi").toString(), proc, dir);
        Check gpu = probe.run("Linux", "amd64", null);
        assertEquals(Check.Status.WARN, gpu.status());
        assertTrue(gpu.detail().startsWith("NVIDIA H100 PCIe (" + proc + ")"), gpu.detail());
        assertEquals(Check.Status.OK, probe.run("Linux", "amd64", "/opt/cuda-build").status());
        Check none = new GpuCheck(dir.resolve("no-such").toString(), dir.resolve("none"), dir).run("Linux", "amd64",
                null);
        assertEquals(Check.ok("gpu", "none found — CPU only (the bundled library runs on the CPU)"), none);
    }

    @Test
    void gpusWithTheirMemoryComeFromTheProbeTheLoadPlansFrom() {
        var h200 = new dev.helix.runtime.gpu.GpuDevice(0, "NVIDIA H200", 100L << 30, 140L << 30);
        var probe = new GpuCheck(dir.resolve("no-such-nvidia-smi").toString(), dir.resolve("none"), dir,
                () -> List.of(h200));
        Check gpu = probe.run("Linux", "amd64", "/opt/cuda-build");
        assertEquals(Check.ok("gpu", "NVIDIA H200: 100.0 of 140.0 GiB free (NVML); library from "
                + "-Dde.kherud.llama.lib.path=/opt/cuda-build"), gpu);
    }

    @Test
    void lowDiskSpaceIsAWarning() {
        assertEquals(Check.Status.WARN, FolderCheck.freeSpace(dir, Long.MAX_VALUE).status());
        assertEquals(Check.Status.OK, FolderCheck.freeSpace(dir.resolve("not/yet"), 0).status());
        assertEquals(Check.Status.OK, FolderCheck.writable("helix home", dir).status());
    }

    @Test
    void theNativeLibraryLineFromTheRunnersOutput() {
        var check = new RunnerCheck(dev.helix.runtime.llamacpp.RunnerSettings.defaults(), null).library(List.of(
                "Extracted 'libjllama.so' to '/tmp/helix-runner-1/libjllama.so'",
                "[main] DEBUG dev.helix.llama.cpp - build: 4916 (c6af2161) with gcc for x86_64",
                "[main] DEBUG dev.helix.llama.cpp - system_info: n_threads = 1 / 2 | CPU : AVX2 = 1 | FMA = 1 | "));
        assertEquals(Check.ok("native library", "bundled in helix.jar, extracted for the runner to "
                + "/tmp/helix-runner-1/libjllama.so, llama.cpp b4916 (c6af2161): CPU : AVX2 = 1 | FMA = 1"), check);
    }

    @Test
    void aCheckThatIsNotOkSaysHowToFixItAndPrintsIt() {
        assertThrows(IllegalArgumentException.class, () -> Check.warn("x", "bad", " "));
        assertEquals("fail  port            taken\n      fix: use --port\n",
                DoctorReport.text(Check.fail("port", "taken", "use --port")).replace(System.lineSeparator(), "\n"));
        var checks = new java.util.ArrayList<>(java.util.Collections.nCopies(10, Check.ok("a", "b")));
        assertEquals("all 10 checks ok", DoctorReport.summary(checks));
        assertEquals(false, DoctorReport.anyFailed(checks));
        checks.add(Check.fail("c", "d", "e"));
        assertEquals("11 checks: 1 failed, 0 with warnings", DoctorReport.summary(checks));
        assertEquals(true, DoctorReport.anyFailed(checks));
    }
}
