package dev.helix.runtime.gpu;

/**
 * One GPU as a {@link GpuDevices} probe sees it.
 *
 * @param index      the device's index in the probe's enumeration
 * @param name       what the driver calls it, e.g. {@code NVIDIA H200}
 * @param freeBytes  device memory not in use by any process now
 * @param totalBytes the device's memory
 */
public record GpuDevice(int index, String name, long freeBytes, long totalBytes) {
    public GpuDevice {
        if (freeBytes < 0 || totalBytes < 0 || freeBytes > totalBytes) {
            throw new IllegalArgumentException("device " + index + ": free " + freeBytes + " of " + totalBytes);
        }
        name = name == null || name.isBlank() ? "GPU " + index : name;
    }

    /** {@code NVIDIA H200: 139.2 of 140.4 GiB free}. */
    public String describe() {
        return name + ": " + gib(freeBytes) + " of " + gib(totalBytes) + " GiB free";
    }

    private static String gib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f", bytes / (double) (1L << 30));
    }
}
