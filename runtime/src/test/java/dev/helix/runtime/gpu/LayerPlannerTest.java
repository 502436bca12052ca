package dev.helix.runtime.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.runtime.ModelLoadOptions;
import dev.helix.runtime.gguf.GgufReader;
import dev.helix.runtime.gguf.RandomLlamaModel;
import dev.helix.runtime.testing.TestModels;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The planner on a generated model's real tensor sizes (8 layers), with the devices' free memory made up: what fits
 * is counted from the file's sizes, never from this machine.
 */
@Timeout(60)
class LayerPlannerTest {
    private static final int AUTO = ModelLoadOptions.GPU_LAYERS_AUTO;
    private static final long CONTEXT = 4096;
    private static final LayerSizes MODEL = LayerSizes.of(GgufReader.read(TestModels.custom(
            RandomLlamaModel.tiny().withShape(64, 8, 4, 2, 192).withName("helix-planner-8-layers"))));

    /** The logits buffer the planner keeps back: vocabulary x 512 x 4 bytes. */
    private static final long LOGITS = MODEL.vocabulary() * 512 * 4;

    private static long layer() {
        return MODEL.layerBytes().get(0) + MODEL.kvBytesPerTokenLayer() * CONTEXT;
    }

    /** One device with {@code bytes} free for the plan after the margin and the logits. */
    private static List<GpuDevice> free(long bytes) {
        long free = bytes + LayerPlanner.MARGIN_BYTES + LOGITS;
        return List.of(new GpuDevice(0, "test GPU", free, free + (1L << 30)));
    }

    @Test
    void theModelReadIsEightEqualLayers() {
        assertEquals(8, MODEL.blockCount());
        assertTrue(MODEL.layerBytes().stream().allMatch(b -> b.equals(MODEL.layerBytes().get(0)) && b > 0));
        assertTrue(MODEL.kvBytesPerTokenLayer() > 0 && MODEL.outputBytes() > 0);
    }

    @Test
    void everythingFitsAndTheOutputLayerToo() {
        LayerPlan plan = LayerPlanner.plan(MODEL, AUTO, CONTEXT, free(8 * layer() + MODEL.outputBytes()));
        assertEquals(9, plan.layers(), plan.reason());
        assertTrue(plan.reason().contains("8 of 8 layers (and the output layer: yes)"), plan.reason());
    }

    @Test
    void everyLayerButNotTheOutputIsTheLayerCount() {
        assertEquals(8, LayerPlanner.plan(MODEL, AUTO, CONTEXT, free(8 * layer() + MODEL.outputBytes() - 1)).layers());
    }

    @Test
    void someFit() {
        assertEquals(3, LayerPlanner.plan(MODEL, AUTO, CONTEXT, free(3 * layer())).layers());
        assertEquals(3, LayerPlanner.plan(MODEL, AUTO, CONTEXT, free(4 * layer() - 1)).layers());
    }

    @Test
    void noneFitIsTheCpu() {
        assertEquals(0, LayerPlanner.plan(MODEL, AUTO, CONTEXT, free(layer() - 1)).layers());
        assertEquals(0, LayerPlanner.plan(MODEL, AUTO, CONTEXT,
                List.of(new GpuDevice(0, "full", 1 << 20, 80L << 30))).layers()); // less free than the margin
    }

    @Test
    void noGpuIsTheCpuAsBefore() {
        LayerPlan plan = LayerPlanner.plan(MODEL, AUTO, CONTEXT, List.of());
        assertEquals(0, plan.layers());
        assertTrue(plan.reason().contains("no GPU"), plan.reason());
    }

    @Test
    void theKvCacheOfTheContextIsCounted() {
        var room = free(4 * layer());
        assertEquals(4, LayerPlanner.plan(MODEL, AUTO, CONTEXT, room).layers());
        // four times the context: each layer's cache grows by 3 x its 4096-token share, so fewer layers fit
        long bigger = MODEL.layerBytes().get(0) + MODEL.kvBytesPerTokenLayer() * CONTEXT * 4;
        assertEquals(4 * layer() / bigger, LayerPlanner.plan(MODEL, AUTO, CONTEXT * 4, room).layers());
        assertTrue(4 * layer() / bigger < 4);
        // no context at all: the weights alone
        assertEquals(Math.min(9, 4 * layer() / MODEL.layerBytes().get(0)),
                LayerPlanner.plan(MODEL, AUTO, 0, room).layers());
    }

    @Test
    void devicesAddUpEachKeepingItsMargin() {
        long each = 2 * layer() + LayerPlanner.MARGIN_BYTES;
        var two = List.of(new GpuDevice(0, "a", each + LOGITS, 1L << 40), new GpuDevice(1, "b", each, 1L << 40));
        assertEquals(4, LayerPlanner.plan(MODEL, AUTO, CONTEXT, two).layers());
    }

    @Test
    void aConfiguredCountIsHonouredAndCappedAtTheModelsLayers() {
        var small = free(layer());
        assertEquals(5, LayerPlanner.plan(MODEL, 5, CONTEXT, small).layers()); // more than fits: the fallback's job
        assertEquals(5, LayerPlanner.plan(MODEL, 5, CONTEXT, List.of()).layers());
        assertEquals(0, LayerPlanner.plan(MODEL, 0, CONTEXT, free(1L << 40)).layers());
        LayerPlan capped = LayerPlanner.plan(MODEL, 999, CONTEXT, List.of());
        assertEquals(9, capped.layers()); // 8 repeating layers and the output layer
        assertTrue(capped.reason().contains("capped"), capped.reason());
    }

    @Test
    void aFileThatDoesNotSayItsLayersStaysOnTheCpuUnlessTold() {
        var unknown = new LayerSizes(List.of(), 0, 0, 0);
        assertEquals(0, LayerPlanner.plan(unknown, AUTO, CONTEXT, free(1L << 40)).layers());
        assertEquals(40, LayerPlanner.plan(unknown, 40, CONTEXT, List.of()).layers());
    }
}
