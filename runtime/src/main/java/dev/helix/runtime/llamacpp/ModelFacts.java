package dev.helix.runtime.llamacpp;

import java.nio.file.Path;

/**
 * What the provider needs to know about a model file before and besides loading it.
 *
 * @param trainedContext the context length the model was trained with (0 = unknown)
 * @param addBos         whether llama.cpp prepends a BOS token to a prompt (counts towards prompt tokens)
 * @param poolingType    the file's {@code <arch>.pooling_type}, or -1 when absent
 * @param fileSize       bytes on disk
 */
record ModelFacts(long trainedContext, boolean addBos, int poolingType, long fileSize) {

    static ModelFacts read(Path file) {
        // TEMPORARY until the GGUF reader lands: conservative defaults.
        return new ModelFacts(0, true, -1, file.toFile().length());
    }
}
