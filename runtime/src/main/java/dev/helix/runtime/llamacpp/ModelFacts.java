package dev.helix.runtime.llamacpp;

import dev.helix.runtime.gguf.GgufMetadata;
import dev.helix.runtime.gguf.GgufReader;
import java.nio.file.Path;

/**
 * What the provider needs to know about a model file before and besides loading it, read from the GGUF header
 * in Java. Reading it first also keeps a file that is not GGUF away from native code.
 *
 * @param trainedContext the context length the model was trained with (0 = unknown)
 * @param addBos         whether llama.cpp prepends a BOS token to a prompt (counts towards prompt tokens)
 * @param poolingType    the file's {@code <arch>.pooling_type}, or -1 when absent
 * @param fileSize       bytes on disk
 */
record ModelFacts(long trainedContext, boolean addBos, int poolingType, long fileSize) {

    /** @throws dev.helix.runtime.gguf.GgufFormatException when the file is not a readable GGUF file */
    static ModelFacts read(Path file) {
        GgufMetadata m = GgufReader.read(file);
        return new ModelFacts(m.contextLength(), m.addBosToken(), m.poolingType() == null ? -1 : m.poolingType(),
                m.fileSize());
    }
}
