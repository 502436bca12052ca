package dev.helix.runtime.gpu;

import dev.helix.runtime.ModelLoadOptions;
import java.util.List;
import java.util.Locale;

/**
 * Chooses {@code n_gpu_layers} for a load: a number from {@code gpu_layers} is honoured, capped at what the model
 * has (its repeating layers and the output layer); {@code auto} offloads, from the last layer backwards as
 * llama.cpp does, as many layers as fit in the devices' free memory together, each layer counted with its weights
 * and its share of the KV cache for the whole context, the output layer last. Each device keeps
 * {@link #MARGIN_BYTES} back (llama.cpp's CUDA context and buffers this does not count), and the compute buffer's
 * logits ({@code vocabulary x 512 x 4} bytes) come off the top. A plan that still does not fit is caught by
 * {@link LayerFallback} when the load fails. Pure: the devices' figures come in as arguments.
 */
public final class LayerPlanner {

    /** Memory each device keeps free of the plan. */
    public static final long MARGIN_BYTES = 512L << 20;

    /** The micro-batch an offloaded model's prompts are evaluated in (LoadParameters' GPU choice). */
    private static final int GPU_MICRO_BATCH = 512;

    private LayerPlanner() {
    }

    /**
     * @param model         the model's layer sizes
     * @param requested     {@code gpu_layers}: a count, or {@link ModelLoadOptions#GPU_LAYERS_AUTO}
     * @param contextTokens the KV cache's tokens: context per slot times slots
     * @param devices       the GPUs and their free memory now (empty: none)
     */
    public static LayerPlan plan(LayerSizes model, int requested, long contextTokens, List<GpuDevice> devices) {
        int most = model.blockCount() + 1;
        if (requested != ModelLoadOptions.GPU_LAYERS_AUTO) {
            if (model.blockCount() > 0 && requested > most) {
                return new LayerPlan(most, "gpu_layers " + requested + " capped at the model's " + model.blockCount()
                        + " layers and its output layer");
            }
            return new LayerPlan(requested, "gpu_layers " + requested + " as configured");
        }
        if (devices.isEmpty()) {
            return new LayerPlan(0, "gpu_layers auto: no GPU found, CPU only");
        }
        if (model.blockCount() == 0) {
            return new LayerPlan(0, "gpu_layers auto: the file does not say how many layers it has, CPU only");
        }
        long free = 0;
        for (GpuDevice d : devices) {
            free += Math.max(0, d.freeBytes() - MARGIN_BYTES);
        }
        long budget = free - model.vocabulary() * GPU_MICRO_BATCH * Float.BYTES;
        long kvPerLayer = Math.multiplyExact(model.kvBytesPerTokenLayer(), Math.max(0, contextTokens));
        long used = 0;
        int layers = 0;
        for (int i = model.blockCount() - 1; i >= 0; i--) {
            long cost = model.layerBytes().get(i) + kvPerLayer;
            if (used + cost > budget) {
                break;
            }
            used += cost;
            layers++;
        }
        if (layers == model.blockCount() && used + model.outputBytes() <= budget) {
            used += model.outputBytes();
            layers++;
        }
        return new LayerPlan(layers, String.format(Locale.ROOT,
                "gpu_layers auto: %d of %d layers (and the output layer: %s) take %.2f GiB of %.2f GiB free on %d "
                        + "GPU(s), %.2f GiB kept back; a layer's KV cache for %d tokens is %.1f MiB",
                Math.min(layers, model.blockCount()), model.blockCount(), layers == most ? "yes" : "no",
                gib(used), gib(devices.stream().mapToLong(GpuDevice::freeBytes).sum()), devices.size(),
                gib(devices.stream().mapToLong(GpuDevice::freeBytes).sum() - Math.max(0, budget)), contextTokens,
                kvPerLayer / (double) (1 << 20)));
    }

    private static double gib(long bytes) {
        return bytes / (double) (1L << 30);
    }
}
