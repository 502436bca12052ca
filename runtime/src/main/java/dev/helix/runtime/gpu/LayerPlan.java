package dev.helix.runtime.gpu;

/**
 * How many layers a load offloads, and why.
 *
 * @param layers llama.cpp's {@code n_gpu_layers}: the last {@code layers} repeating layers go to the GPU, and the
 *               output layer too when {@code layers} exceeds the model's repeating layers; 0 = CPU only
 * @param reason one line for the log: the setting, or the memory the choice was made from
 */
public record LayerPlan(int layers, String reason) {
    public LayerPlan {
        if (layers < 0) {
            throw new IllegalArgumentException("layers " + layers);
        }
    }
}
