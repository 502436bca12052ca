package dev.helix.protocol.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** The body of {@code POST /api/generate}. {@code stream} absent means true; {@code logprobs} as on /api/chat. */
public record GenerateRequest(String model, String prompt, String suffix, String system, String template,
                              JsonNode context, Boolean stream, Boolean raw, JsonNode format, List<String> images,
                              JsonNode options, JsonNode keepAlive, JsonNode think, Boolean logprobs,
                              Integer topLogprobs) {

    public GenerateRequest(String model, String prompt, String suffix, String system, String template,
                           JsonNode context, Boolean stream, Boolean raw, JsonNode format, List<String> images,
                           JsonNode options, JsonNode keepAlive, JsonNode think) {
        this(model, prompt, suffix, system, template, context, stream, raw, format, images, options, keepAlive, think,
                null, null);
    }
}
