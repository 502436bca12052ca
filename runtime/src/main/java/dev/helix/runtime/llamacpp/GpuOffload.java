package dev.helix.runtime.llamacpp;

import dev.helix.runtime.ModelLoadOptions;
import dev.helix.runtime.gpu.GpuDevices;
import dev.helix.runtime.gpu.LayerFallback;
import dev.helix.runtime.gpu.LayerPlan;
import dev.helix.runtime.gpu.LayerPlanner;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A load with its GPU layers chosen ({@link LayerPlanner}: {@code gpu_layers} as configured, or planned from the
 * GPUs' free memory for {@code auto}) and lowered when the load fails ({@link LayerFallback}). The GPUs are asked
 * only for {@code auto}, and only when the library may offload: the libraries bundled in the jar run on the CPU, and
 * so does a {@code native/build.sh --backend cpu} install, so {@code auto} keeps them at 0 layers (and at the CPU's
 * micro-batch) beside a GPU they cannot use.
 */
final class GpuOffload {
    private static final Logger LOG = LoggerFactory.getLogger(GpuOffload.class);

    /** The engine that loaded and the parameters it loaded with (its GPU layers those that worked). */
    record Loaded(ModelEngine engine, LoadParameters parameters) {}

    private GpuOffload() {
    }

    /**
     * @param cpuOnly why the library cannot run layers on a GPU (the jar's CPU builds; an install built without a GPU
     *                backend), or null when it may
     */
    static Loaded load(LoadParameters resolved, ModelFacts facts, GpuDevices devices, String cpuOnly,
                       Function<LoadParameters, ModelEngine> engine) {
        int requested = resolved.options().gpuLayers();
        boolean auto = requested == ModelLoadOptions.GPU_LAYERS_AUTO;
        LayerPlan plan = auto && cpuOnly != null
                ? new LayerPlan(0, "gpu_layers auto: " + cpuOnly)
                : LayerPlanner.plan(facts.layers(), requested, (long) resolved.slotContext() * resolved.parallel(),
                        auto ? devices.list() : List.of());
        if (plan.layers() > 0) {
            LOG.info("{}: {}", resolved.model().getFileName(), plan.reason());
        } else {
            LOG.debug("{}: {}", resolved.model().getFileName(), plan.reason());
        }
        return LayerFallback.load(plan.layers(), layers -> {
            var p = resolved.withGpuLayers(layers);
            return new Loaded(engine.apply(p), p);
        }, line -> LOG.warn("{}: {}", resolved.model().getFileName(), line));
    }
}
