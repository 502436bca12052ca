package dev.helix.runtime.gpu;

import dev.helix.runtime.gguf.GgufMetadata;
import dev.helix.runtime.gguf.GgufTensorInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What each of a model's layers takes on a GPU, read from its GGUF header: the tensors named {@code blk.<i>.*} are
 * layer {@code i}; {@code output.weight} and {@code output_norm.*} are the output layer, which llama.cpp offloads
 * only once every repeating layer is offloaded (a model without {@code output.weight} ties it to
 * {@code token_embd.weight}, which llama.cpp then copies to the output's device). The token embeddings themselves
 * stay in host memory whatever the offload.
 *
 * @param layerBytes           the weights of each repeating layer, in file order ({@code <arch>.block_count} of
 *                             them; empty when the file does not say)
 * @param outputBytes          the output layer's weights
 * @param kvBytesPerTokenLayer one layer's KV cache per token of context: {@code (n_embd_k_gqa + n_embd_v_gqa)} x
 *                             {@value #KV_BYTES_PER_ELEMENT} bytes (llama.cpp's F16 cache)
 * @param vocabulary           tokens in the vocabulary (sizes the logits buffer)
 */
public record LayerSizes(List<Long> layerBytes, long outputBytes, long kvBytesPerTokenLayer, long vocabulary) {

    /** llama.cpp's default KV cache type is F16. */
    public static final int KV_BYTES_PER_ELEMENT = 2;

    public LayerSizes {
        layerBytes = List.copyOf(layerBytes);
        if (outputBytes < 0 || kvBytesPerTokenLayer < 0 || vocabulary < 0 || layerBytes.stream().anyMatch(b -> b < 0)) {
            throw new IllegalArgumentException("negative size");
        }
    }

    /** The repeating layers. */
    public int blockCount() {
        return layerBytes.size();
    }

    /** The sizes of a model whose header is {@code m} (a whole file, or the first part of a split one). */
    public static LayerSizes of(GgufMetadata m) {
        return of(m, m.tensors());
    }

    /**
     * @param tensors the tensor infos of every part of the model (a split model's later parts list the tensors the
     *                first part does not)
     */
    public static LayerSizes of(GgufMetadata m, List<GgufTensorInfo> tensors) {
        int blocks = (int) Math.min(Math.max(m.blockCount(), 0), 100_000);
        long[] layers = new long[blocks];
        long output = 0;
        long embeddings = 0;
        boolean tied = true;
        for (GgufTensorInfo t : tensors) {
            String name = t.name();
            long bytes = t.byteSize();
            if (name.startsWith("blk.")) {
                int dot = name.indexOf('.', 4);
                int layer = dot < 0 ? -1 : parse(name.substring(4, dot));
                if (layer >= 0 && layer < blocks) {
                    layers[layer] += bytes;
                }
            } else if (name.startsWith("output.") || name.startsWith("output_norm.")) {
                output += bytes;
                tied &= !name.equals("output.weight");
            } else if (name.equals("token_embd.weight")) {
                embeddings = bytes;
            }
        }
        if (tied) {
            output += embeddings;
        }
        List<Long> perLayer = new ArrayList<>(blocks);
        Arrays.stream(layers).forEach(perLayer::add);
        return new LayerSizes(perLayer, output, kvBytesPerTokenLayer(m), Math.max(m.vocabularySize(), 0));
    }

    private static int parse(String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * {@code n_embd_k_gqa + n_embd_v_gqa} elements per token: the KV heads times the key (value) length, which is
     * {@code <arch>.attention.key_length} ({@code value_length}) where the file says, else the embedding width over
     * the heads, as llama.cpp reads them.
     */
    private static long kvBytesPerTokenLayer(GgufMetadata m) {
        if (m.headCount() <= 0 || m.embeddingLength() <= 0) {
            return 0;
        }
        String prefix = m.architecture() + ".attention.";
        long headDim = m.embeddingLength() / m.headCount();
        long keyLength = m.integer(prefix + "key_length").orElse(headDim);
        long valueLength = m.integer(prefix + "value_length").orElse(headDim);
        long kvHeads = m.headCountKv() > 0 ? m.headCountKv() : m.headCount();
        return kvHeads * (keyLength + valueLength) * KV_BYTES_PER_ELEMENT;
    }
}
