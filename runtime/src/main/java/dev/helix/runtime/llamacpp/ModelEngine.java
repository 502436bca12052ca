package dev.helix.runtime.llamacpp;

import dev.helix.provider.ChatRequest;

/**
 * What a {@link LlamaCppProvider} needs from the engine that runs its model, besides generation: the binding's
 * {@link NativeModel} or Helix's own {@link FfmEngine} ({@code engine: ffm}).
 */
sealed interface ModelEngine extends AutoCloseable permits NativeModel, FfmEngine {

    /** The prompt for a conversation, through the model's chat template. */
    String applyTemplate(ChatRequest request);

    /** The text's tokens, special tokens parsed, no BOS added. */
    int[] tokenize(String text);

    /** Tokens to text, special tokens rendered. */
    String detokenize(int[] tokens);

    @Override
    void close();
}
