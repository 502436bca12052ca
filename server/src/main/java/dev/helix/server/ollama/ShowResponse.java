package dev.helix.server.ollama;

import java.util.List;
import java.util.Map;

/** {@code POST /api/show}: what a model is, read from its GGUF header without loading it. */
record ShowResponse(String modelfile, String parameters, String template, ModelDetails details,
                    Map<String, Object> modelInfo, List<String> capabilities, String modifiedAt) {}
