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
 * only for {@code auto}.
 */
final class GpuOffload {
    private static final Logger LOG = LoggerFactory.getLogger(GpuOffload.class);

    /** The engine that loaded and the parameters it loaded with (its GPU layers those that worked). */
    record Loaded(ModelEngine engine, LoadParameters parameters) {}

    private GpuOffload() {
    }

    static Loaded load(LoadParameters resolved, ModelFacts facts, GpuDevices devices,
                       Function<LoadParameters, ModelEngine> engine) {
        int requested = resolved.options().gpuLayers();
        LayerPlan plan = LayerPlanner.plan(facts.layers(), requested,
                (long) resolved.slotContext() * resolved.parallel(),
                requested == ModelLoadOptions.GPU_LAYERS_AUTO ? devices.list() : List.of());
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
