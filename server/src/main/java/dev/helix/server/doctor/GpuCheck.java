package dev.helix.server.doctor;

import dev.helix.runtime.gpu.GpuDevice;
import dev.helix.runtime.gpu.GpuDevices;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The GPUs llama.cpp could use: NVIDIA ones with their free and total memory as the probe {@code gpu_layers: auto}
 * plans from reports them ({@link GpuDevices}, the driver's NVML), else as {@code nvidia-smi} lists them, else as the
 * driver shows them in
 * {@code /proc/driver/nvidia/gpus} or {@code /dev/nvidia*}; Metal on Apple Silicon. None is fine (ok, CPU only): the
 * library bundled for Linux runs on the CPU anyway. An NVIDIA GPU beside that CPU-only library is a warn, since it
 * sits idle until a CUDA build is named with {@code -Dde.kherud.llama.lib.path}.
 *
 * @param nvidiaSmi  the nvidia-smi command (a name on PATH or a path)
 * @param procNvidia the driver's folder ({@code /proc/driver/nvidia})
 * @param dev        the device folder ({@code /dev})
 * @param devices    the GPUs' memory as the runner's load planner sees it
 */
public record GpuCheck(String nvidiaSmi, Path procNvidia, Path dev, GpuDevices devices) {
    public static GpuCheck system(String nvidiaSmi) {
        return new GpuCheck(nvidiaSmi, Path.of("/proc/driver/nvidia"), Path.of("/dev"), GpuDevices.system());
    }

    /** Without the memory probe: the GPUs from nvidia-smi and the driver's files only. */
    public GpuCheck(String nvidiaSmi, Path procNvidia, Path dev) {
        this(nvidiaSmi, procNvidia, dev, GpuDevices.none());
    }

    public Check run(String os, String arch, String libraryPath) {
        if (os.toLowerCase(java.util.Locale.ROOT).startsWith("mac")) {
            return arch.equals("aarch64")
                    ? Check.ok("gpu", "Apple GPU through Metal (the bundled macOS arm64 library uses it)")
                    : Check.ok("gpu", "none used — CPU only (the bundled macOS x86-64 library has no Metal)");
        }
        List<String> gpus = devices.list().stream().map(GpuDevice::describe).toList();
        String source = "NVML";
        if (gpus.isEmpty()) {
            gpus = fromNvidiaSmi();
            source = "nvidia-smi";
        }
        if (gpus.isEmpty()) {
            gpus = fromDriver();
            source = procNvidia.toString();
        }
        if (gpus.isEmpty() && hasDeviceNodes()) {
            gpus = List.of("NVIDIA device nodes in " + dev + ", but neither nvidia-smi nor the driver's "
                    + procNvidia + " answered");
        }
        if (gpus.isEmpty()) {
            return Check.ok("gpu", "none found — CPU only (the bundled library runs on the CPU)");
        }
        String detail = String.join("; ", gpus) + " (" + source + ")";
        if (libraryPath != null) {
            return Check.ok("gpu", detail + "; library from -Dde.kherud.llama.lib.path=" + libraryPath);
        }
        return Check.warn("gpu", detail + " — but the library bundled in helix.jar is CPU only",
                "build llama.cpp with CUDA (native/README.md) and run java -Dde.kherud.llama.lib.path=DIR "
                        + "-jar helix.jar ...; gpu_layers: auto (the default) then offloads the layers that fit");
    }

    /** One line per GPU ({@code NVIDIA H200, 143771 MiB, driver 570.86}), or none when the command fails. */
    List<String> fromNvidiaSmi() {
        Process p;
        try {
            p = new ProcessBuilder(nvidiaSmi, "--query-gpu=name,memory.total,driver_version",
                    "--format=csv,noheader").redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(
                    Path.of("/dev/null").toFile())).start();
        } catch (IOException e) {
            return List.of(); // not installed
        }
        try {
            // a few lines at most, well within the pipe's buffer: wait first, so a hung driver cannot hang the doctor
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return List.of();
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            List<String> gpus = new ArrayList<>();
            for (String line : out.lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
                String[] parts = line.split("\\s*,\\s*");
                gpus.add(parts.length == 3 ? parts[0] + ", " + parts[1] + ", driver " + parts[2] : line);
            }
            return gpus;
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } finally {
            p.destroyForcibly();
        }
    }

    /** The {@code Model:} of each {@code gpus/*}/information file. */
    List<String> fromDriver() {
        Path gpus = procNvidia.resolve("gpus");
        if (!Files.isDirectory(gpus)) {
            return List.of();
        }
        try (Stream<Path> each = Files.list(gpus)) {
            return each.sorted().map(g -> g.resolve("information")).filter(Files::isReadable).map(f -> {
                try {
                    String model = CpuCheck.field(Files.readString(f), "Model");
                    return model == null ? "NVIDIA GPU " + f.getParent().getFileName() : model;
                } catch (IOException e) {
                    return "NVIDIA GPU " + f.getParent().getFileName();
                }
            }).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private boolean hasDeviceNodes() {
        try (Stream<Path> nodes = Files.list(dev)) {
            return nodes.anyMatch(n -> n.getFileName().toString().matches("nvidia[0-9]+"));
        } catch (IOException e) {
            return false;
        }
    }
}
