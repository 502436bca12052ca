package dev.helix.protocol.ollama;

import java.util.List;
import java.util.Map;

/** {@code POST /api/show}: what a model is, read from its GGUF header without loading it. */
public record ShowResponse(String modelfile, String parameters, String template, ModelDetails details,
                           Map<String, Object> modelInfo, List<String> capabilities, String modifiedAt) {}
