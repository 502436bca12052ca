package dev.helix.runtime.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The probe says "none" without an error where there is no NVIDIA driver, and reports sane figures where there is. */
@Timeout(60)
class NvmlDevicesTest {

    @Test
    void thisMachinesGpusAreListedOrNoneWithoutAnError() {
        var devices = GpuDevices.system().list();
        boolean driver = Files.exists(Path.of("/proc/driver/nvidia/gpus")) || Files.exists(Path.of("/dev/nvidia0"));
        if (!driver) {
            assertEquals(java.util.List.of(), devices, "no NVIDIA driver here, so no GPU");
        }
        for (GpuDevice d : devices) { // a machine with a GPU: NVML's figures, as nvidia-smi shows them
            assertTrue(d.totalBytes() > 0 && d.freeBytes() <= d.totalBytes(), d.toString());
            System.out.println("GPU " + d.index() + ": " + d.describe());
        }
    }

    @Test
    void aMissingLibraryIsNoGpus() {
        assertEquals(java.util.List.of(), new NvmlDevices("libhelix-no-such-nvml.so.1").list());
    }

    @Test
    void aLibraryWithoutNvmlIsNoGpus() {
        // the C library opens, but has none of NVML's functions
        assertEquals(java.util.List.of(), new NvmlDevices("libc.so.6").list());
    }

    @Test
    void noneIsEmpty() {
        assertEquals(java.util.List.of(), GpuDevices.none().list());
    }

    @Test
    void aDeviceDescribesItsMemoryInGib() {
        assertEquals("NVIDIA H200: 139.2 of 140.0 GiB free",
                new GpuDevice(0, "NVIDIA H200", (long) (139.2 * (1L << 30)), 140L << 30).describe());
        assertEquals("GPU 1: 0.0 of 0.0 GiB free", new GpuDevice(1, " ", 0, 0).describe());
    }
}
