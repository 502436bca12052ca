package dev.helix.runtime.gpu;

import java.util.List;

/**
 * What GPUs this machine has and how much of their memory is free, asked at the moment of a load. No GPU (or no
 * driver to ask) is an empty list, never an error: the caller then runs on the CPU as before.
 */
@FunctionalInterface
public interface GpuDevices {

    /** The devices now, free memory as of this call; empty when there are none or they cannot be asked. */
    List<GpuDevice> list();

    /** A machine without GPUs. */
    static GpuDevices none() {
        return List::of;
    }

    /** This machine's NVIDIA GPUs, through the driver's management library ({@link NvmlDevices}). */
    static GpuDevices system() {
        return NvmlDevices.system();
    }
}
