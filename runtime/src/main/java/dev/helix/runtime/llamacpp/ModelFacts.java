package dev.helix.runtime.llamacpp;

import dev.helix.runtime.gguf.GgufMetadata;
import dev.helix.runtime.gguf.GgufReader;
import dev.helix.runtime.gguf.GgufSplit;
import dev.helix.runtime.gpu.LayerSizes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the provider needs to know about a model file before and besides loading it, read from the GGUF header
 * in Java. Reading it first also keeps a file that is not GGUF away from native code.
 *
 * @param trainedContext the context length the model was trained with (0 = unknown)
 * @param addBos         whether llama.cpp prepends a BOS token to a prompt (counts towards prompt tokens)
 * @param poolingType    the file's {@code <arch>.pooling_type}, or -1 when absent
 * @param fileSize       bytes on disk (of every part, for a split model whose parts are all there)
 * @param kvBytesPerToken the F16 KV cache one token of context takes (keys and values of every layer), 0 if unknown
 * @param bosTokenId     the BOS token id, or -1
 * @param vocabularySize tokens in the vocabulary (0 = unknown)
 * @param fillInMiddle   whether the file names the prefix, suffix and middle tokens fill-in-the-middle needs
 * @param thinks         whether its chat template marks reasoning ({@code <think>})
 * @param split          the files the model is split into (one for a whole file)
 * @param architecture   {@code general.architecture}, or null when absent
 * @param layers         what each layer takes on a GPU, for {@code gpu_layers: auto}
 * @param fim            the fill-in-the-middle token ids the header names
 */
record ModelFacts(long trainedContext, boolean addBos, int poolingType, long fileSize, long kvBytesPerToken,
                  int bosTokenId, long vocabularySize, boolean fillInMiddle, boolean thinks, GgufSplit split,
                  String architecture, LayerSizes layers, FimTokens fim) {

    /** @throws dev.helix.runtime.gguf.GgufFormatException when the file is not a readable GGUF file */
    static ModelFacts read(Path file) {
        GgufMetadata m = GgufReader.read(file);
        GgufSplit split = GgufSplit.of(file, m);
        return new ModelFacts(m.contextLength(), m.addBosToken(), m.poolingType() == null ? -1 : m.poolingType(),
                size(m, split), kvBytesPerToken(m), m.bosTokenId() == null ? -1 : m.bosTokenId(), m.vocabularySize(),
                m.supportsFillInMiddle(), m.thinks(), split, m.architecture(), layers(m, split), FimTokens.of(m));
    }

    /** The layer sizes over every part's tensors; the first part's alone when the others cannot be read. */
    private static LayerSizes layers(GgufMetadata m, GgufSplit split) {
        if (split.count() == 1) {
            return LayerSizes.of(m);
        }
        try {
            var tensors = new java.util.ArrayList<>(m.tensors());
            for (Path part : split.parts().subList(1, split.parts().size())) {
                tensors.addAll(GgufReader.read(part).tensors());
            }
            return LayerSizes.of(m, tensors);
        } catch (RuntimeException e) { // a part missing or unreadable: the load says which
            return LayerSizes.of(m);
        }
    }

    /** The size of every part when all are there, else of the first (the load will say which part is missing). */
    private static long size(GgufMetadata m, GgufSplit split) {
        try {
            if (split.count() == 1 || split.missing().isPresent()) {
                return m.fileSize();
            }
        } catch (IllegalStateException e) { // a name llama.cpp cannot find the parts by: the load says so
            return m.fileSize();
        }
        long total = 0;
        for (Path part : split.parts()) {
            try {
                total += Files.size(part);
            } catch (IOException e) {
                return m.fileSize();
            }
        }
        return total;
    }

    private static long kvBytesPerToken(GgufMetadata m) {
        if (m.blockCount() <= 0 || m.headCount() <= 0 || m.embeddingLength() <= 0) {
            return 0;
        }
        long kvHeads = m.headCountKv() > 0 ? m.headCountKv() : m.headCount();
        long headDim = m.embeddingLength() / m.headCount();
        return 2L * m.blockCount() * kvHeads * headDim * Short.BYTES;
    }
}
