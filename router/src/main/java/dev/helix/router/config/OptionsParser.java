package dev.helix.router.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.runtime.Engine;
import dev.helix.runtime.ModelLoadOptions;
import java.util.List;

/**
 * Reads {@link ModelLoadOptions} fields in snake_case over a base (partial options merge over defaults).
 * The ranges repeat ModelLoadOptions' own checks so that each error names its key;
 * {@code OptionsParserTest} pins them to the record's.
 */
final class OptionsParser {
    static final List<String> KEYS =
            List.of("context_size", "threads", "batch_size", "gpu_layers", "mmap", "parallel", "embeddings",
                    "engine", "native_dir");

    private final ConfigParser parser;

    OptionsParser(ConfigParser parser) {
        this.parser = parser;
    }

    ModelLoadOptions parse(JsonNode node, String at, ModelLoadOptions base) {
        if (ConfigParser.absent(node)) {
            return base;
        }
        if (!node.isObject()) {
            parser.problem(at, "must be a mapping of load options (" + String.join(", ", KEYS) + ")");
            return base;
        }
        parser.checkKeys(node, at, KEYS);
        // 0 = the model's trained context (capped); otherwise tokens per request, each parallel slot gets as many.
        int contextSize = parser.integer(node.get("context_size"), at + ".context_size", 0, 1 << 21, base.contextSize());
        if (contextSize > 0 && contextSize < 16) {
            parser.problem(at + ".context_size", "must be 0 (auto) or in [16, 2097152], was " + contextSize);
            contextSize = base.contextSize();
        }
        int threads = parser.integer(node.get("threads"), at + ".threads", 0, 1024, base.threads());
        int batchSize = parser.integer(node.get("batch_size"), at + ".batch_size", 1, 1 << 16, base.batchSize());
        int gpuLayers = gpuLayers(node.get("gpu_layers"), at + ".gpu_layers", base.gpuLayers());
        boolean mmap = parser.bool(node.get("mmap"), at + ".mmap", base.mmap());
        int parallel = parser.integer(node.get("parallel"), at + ".parallel", 0, 64, base.parallel());
        boolean embeddings = parser.bool(node.get("embeddings"), at + ".embeddings", base.embeddings());
        Engine engine = base.engine();
        JsonNode engineNode = node.get("engine");
        if (!ConfigParser.absent(engineNode)) {
            Engine named = engineNode.isTextual() ? Engine.parse(engineNode.textValue()) : null;
            if (named == null) {
                parser.problem(at + ".engine", "must be binding or ffm, was " + engineNode);
            } else {
                engine = named;
            }
        }
        String nativeDir = base.nativeDir();
        JsonNode nativeNode = node.get("native_dir");
        if (!ConfigParser.absent(nativeNode)) {
            if (nativeNode.isTextual() && !nativeNode.textValue().isBlank()) {
                nativeDir = nativeNode.textValue();
            } else {
                parser.problem(at + ".native_dir", "must be a native/build.sh install folder or bundled, was "
                        + nativeNode);
            }
        }
        try {
            return new ModelLoadOptions(contextSize, threads, batchSize, gpuLayers, mmap, parallel, embeddings,
                    engine, nativeDir);
        } catch (IllegalArgumentException e) { // a rule across fields: context_size x parallel
            parser.problem(at, e.getMessage());
            return base;
        }
    }

    /**
     * {@code auto} (or -1, Ollama's {@code num_gpu} for it): as many layers as the GPUs' free memory holds; a number
     * is offloaded as is, capped at the model's layers.
     */
    private int gpuLayers(JsonNode node, String at, int fallback) {
        if (ConfigParser.absent(node)) {
            return fallback;
        }
        if (node.isTextual() && node.textValue().strip().equalsIgnoreCase("auto")) {
            return ModelLoadOptions.GPU_LAYERS_AUTO;
        }
        if (node.isIntegralNumber() && node.canConvertToInt() && node.intValue() >= ModelLoadOptions.GPU_LAYERS_AUTO
                && node.intValue() <= 10_000) {
            return node.intValue();
        }
        parser.problem(at, "must be auto or an integer in [0, 10000], was " + node);
        return fallback;
    }
}
