package dev.helix.runtime.gpu;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NVIDIA GPUs and their free memory through NVML, the management library every NVIDIA driver installs
 * ({@code libnvidia-ml.so.1}, what {@code nvidia-smi} reads), called through Java's FFM API. NVML answers without a
 * CUDA context, so asking costs no device memory (the CUDA runtime's {@code cudaMemGetInfo}, which DJL's
 * {@code CudaUtils} calls, creates one, and needs the CUDA toolkit's {@code libcudart} besides the driver). A
 * machine without the library, or whose driver does not answer, has no devices. NVML lists every GPU of the
 * machine: {@code CUDA_VISIBLE_DEVICES} does not narrow it.
 */
public final class NvmlDevices implements GpuDevices {
    private static final Logger LOG = LoggerFactory.getLogger(NvmlDevices.class);

    /** The driver's library on Linux. */
    public static final String LINUX_LIBRARY = "libnvidia-ml.so.1";

    /** {@code NVML_DEVICE_NAME_V2_BUFFER_SIZE}. */
    private static final int NAME_BYTES = 96;

    private final String library;

    /** @param library the library's file name (searched as {@code dlopen} does) or path */
    public NvmlDevices(String library) {
        this.library = library;
    }

    static NvmlDevices system() {
        return new NvmlDevices(LINUX_LIBRARY);
    }

    @Override
    public List<GpuDevice> list() {
        try (Arena arena = Arena.ofConfined()) {
            SymbolLookup lookup;
            try {
                lookup = SymbolLookup.libraryLookup(library, arena);
            } catch (IllegalArgumentException e) { // not installed: no NVIDIA driver, so no NVIDIA GPU to use
                LOG.debug("no GPU probe: {} cannot be opened ({})", library, e.getMessage());
                return List.of();
            }
            return list(lookup, arena);
        } catch (Throwable t) { // a symbol missing from an old driver, or the call failing: as if there were none
            LOG.debug("no GPU probe: {} did not answer: {}", library, t.toString());
            return List.of();
        }
    }

    private static List<GpuDevice> list(SymbolLookup lookup, Arena arena) throws Throwable {
        Linker linker = Linker.nativeLinker();
        MethodHandle init = handle(linker, lookup, "nvmlInit_v2", FunctionDescriptor.of(JAVA_INT));
        MethodHandle shutdown = handle(linker, lookup, "nvmlShutdown", FunctionDescriptor.of(JAVA_INT));
        MethodHandle count = handle(linker, lookup, "nvmlDeviceGetCount_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        MethodHandle byIndex = handle(linker, lookup, "nvmlDeviceGetHandleByIndex_v2",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
        MethodHandle name = handle(linker, lookup, "nvmlDeviceGetName",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
        MethodHandle memory = handle(linker, lookup, "nvmlDeviceGetMemoryInfo",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        int status = (int) init.invokeExact();
        if (status != 0) {
            LOG.debug("no GPU probe: nvmlInit_v2 answered {}", status);
            return List.of();
        }
        try {
            MemorySegment n = arena.allocate(JAVA_INT);
            if ((int) count.invokeExact(n) != 0) {
                return List.of();
            }
            List<GpuDevice> devices = new ArrayList<>();
            MemorySegment device = arena.allocate(ADDRESS);
            MemorySegment text = arena.allocate(NAME_BYTES);
            MemorySegment info = arena.allocate(3 * JAVA_LONG.byteSize()); // nvmlMemory_t: total, free, used
            for (int i = 0; i < n.get(JAVA_INT, 0); i++) {
                if ((int) byIndex.invokeExact(i, device) != 0
                        || (int) memory.invokeExact(device.get(ADDRESS, 0), info) != 0) {
                    LOG.debug("GPU {} did not report its memory; left out", i);
                    continue;
                }
                String label = (int) name.invokeExact(device.get(ADDRESS, 0), text, NAME_BYTES) == 0
                        ? text.getString(0) : null;
                long total = info.get(JAVA_LONG, 0);
                long free = Math.min(info.get(JAVA_LONG, JAVA_LONG.byteSize()), total);
                devices.add(new GpuDevice(i, label, free, total));
            }
            return List.copyOf(devices);
        } finally {
            int ignored = (int) shutdown.invokeExact();
        }
    }

    private static MethodHandle handle(Linker linker, SymbolLookup lookup, String symbol, FunctionDescriptor type) {
        return linker.downcallHandle(lookup.find(symbol).orElseThrow(
                () -> new IllegalStateException("the library lacks " + symbol)), type);
    }
}
