package dev.helix.server.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.protocol.ollama.EmbedRequest;
import dev.helix.protocol.ollama.OllamaChatRequest;
import dev.helix.protocol.ollama.OllamaResponse;
import dev.helix.provider.TokenLogprob;
import dev.helix.server.RequestFields;
import dev.helix.server.ToolFields;
import dev.helix.provider.ChatMessage;
import dev.helix.provider.GenerationOptions;
import dev.helix.provider.InvalidRequestException;
import dev.helix.provider.OutputConstraint;
import dev.helix.provider.Role;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns Ollama request bodies into the runtime's requests, rejecting what cannot be honoured with a 400. Public for
 * the benchmarks' request benchmark, which measures the chat route's {@link #messages}, {@link #options} and
 * {@link #format}.
 */
public final class OllamaMapper {
    private static final Logger LOG = LoggerFactory.getLogger(OllamaMapper.class);

    /** Options that size or place the model: Helix sets them per model in models.yaml, not per request. */
    private static final Set<String> LOAD_OPTIONS = Set.of("num_ctx", "num_batch", "num_gpu", "main_gpu", "use_mmap",
            "use_mlock", "num_thread", "numa", "low_vram", "f16_kv", "vocab_only", "logits_all", "num_keep");

    /** Samplers of older Ollama versions that Helix leaves at llama.cpp's defaults. */
    private static final Set<String> UNSUPPORTED_SAMPLING = Set.of("mirostat", "mirostat_tau", "mirostat_eta",
            "penalize_newline", "tfs_z");

    private OllamaMapper() {}

    public static List<ChatMessage> messages(List<OllamaChatRequest.Message> messages) {
        List<ChatMessage> result = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            var m = messages.get(i);
            String where = "messages[" + i + "]";
            if (m == null || m.role() == null) {
                throw new InvalidRequestException(where + ".role is required", where + ".role");
            }
            if (m.images() != null && !m.images().isEmpty()) {
                throw new InvalidRequestException("this model cannot read images (" + where + ".images)",
                        where + ".images");
            }
            Role role = switch (m.role().toLowerCase(Locale.ROOT)) {
                case "system" -> Role.SYSTEM;
                case "user" -> Role.USER;
                case "assistant" -> Role.ASSISTANT;
                case "tool" -> Role.TOOL;
                default -> throw new InvalidRequestException(where + ".role must be system, user, assistant or tool, "
                        + "not \"" + m.role() + "\"", where + ".role");
            };
            List<ChatMessage.ToolCall> calls = new ArrayList<>();
            if (m.toolCalls() != null && m.toolCalls().isArray()) {
                for (int j = 0; j < m.toolCalls().size(); j++) {
                    String at = where + ".tool_calls[" + j + "]";
                    JsonNode function = m.toolCalls().get(j).path("function");
                    if (!function.path("name").isTextual()) {
                        throw new InvalidRequestException(at + ".function.name must be a string", at + ".function.name");
                    }
                    calls.add(new ChatMessage.ToolCall(m.toolCalls().get(j).path("id").asText(null),
                            function.get("name").asText(),
                            ToolFields.argumentsText(function.get("arguments"), at + ".function.arguments")));
                }
            }
            result.add(new ChatMessage(role, m.content(), role == Role.ASSISTANT ? calls : List.of(), null,
                    role == Role.TOOL ? m.toolName() : null));
        }
        return result;
    }

    public static OutputConstraint format(JsonNode format) {
        if (format == null || format.isNull() || (format.isTextual() && format.asText().isEmpty())) {
            return null;
        }
        if (format.isTextual() && format.asText().equals("json")) {
            return new OutputConstraint.AnyJson();
        }
        if (format.isObject()) {
            return new OutputConstraint.JsonSchema(format.toString());
        }
        throw new InvalidRequestException("format must be \"json\" or a JSON schema object", "format");
    }

    /** Ollama's {@code options}: sampling keys are honoured, load keys and unknown keys are ignored with a log line. */
    public static GenerationOptions options(JsonNode options, OutputConstraint constraint) {
        var o = GenerationOptions.DEFAULTS.withConstraint(constraint);
        if (options == null || options.isNull()) {
            return o;
        }
        if (!options.isObject()) {
            throw new InvalidRequestException("options must be an object", "options");
        }
        Integer maxTokens = null;
        Double temperature = null;
        Integer topK = null;
        Double topP = null;
        Double minP = null;
        Double repeatPenalty = null;
        Integer repeatLastN = null;
        Double presence = null;
        Double frequency = null;
        Long seed = null;
        Double typicalP = null;
        List<String> stop = List.of();
        for (Iterator<Map.Entry<String, JsonNode>> it = options.fields(); it.hasNext(); ) {
            var e = it.next();
            String key = e.getKey();
            JsonNode v = e.getValue();
            if (v.isNull()) {
                continue;
            }
            switch (key) {
                case "num_predict" -> {
                    int n = integer(key, v);
                    maxTokens = n < 0 ? null : n;
                }
                case "temperature" -> temperature = number(key, v);
                case "top_k" -> topK = integer(key, v);
                case "top_p" -> topP = number(key, v);
                case "min_p" -> minP = number(key, v);
                case "repeat_penalty" -> repeatPenalty = number(key, v);
                case "repeat_last_n" -> repeatLastN = integer(key, v);
                case "presence_penalty" -> presence = number(key, v);
                case "frequency_penalty" -> frequency = number(key, v);
                case "seed" -> seed = (long) integer(key, v);
                case "stop" -> stop = strings(key, v);
                case "typical_p" -> typicalP = number(key, v);
                default -> {
                    if (LOAD_OPTIONS.contains(key)) {
                        if (v.isNumber() && v.doubleValue() < 0 && !key.equals("num_gpu") && !key.equals("num_keep")) {
                            throw new InvalidRequestException("options." + key + " must not be negative",
                                    "options." + key);
                        }
                        LOG.info("options.{} ignored: Helix sets it per model in models.yaml", key);
                    } else if (UNSUPPORTED_SAMPLING.contains(key)) {
                        LOG.info("options.{} ignored: Helix does not offer this sampler", key);
                    } else {
                        LOG.info("options.{} is not a known option and was ignored", key);
                    }
                }
            }
        }
        return new GenerationOptions(maxTokens, temperature, topK, topP, minP, repeatPenalty, repeatLastN, presence,
                frequency, seed, stop, constraint, typicalP, null);
    }

    private static double number(String key, JsonNode v) {
        if (!v.isNumber()) {
            throw new InvalidRequestException("options." + key + " must be a number", "options." + key);
        }
        return v.doubleValue();
    }

    private static int integer(String key, JsonNode v) {
        if (!v.isNumber() || !v.canConvertToInt() || v.doubleValue() != Math.rint(v.doubleValue())) {
            throw new InvalidRequestException("options." + key + " must be an integer", "options." + key);
        }
        return v.intValue();
    }

    private static List<String> strings(String key, JsonNode v) {
        if (v.isTextual()) {
            return List.of(dev.helix.server.RequestFields.stopString(v.asText(), "options." + key));
        }
        if (!v.isArray()) {
            throw new InvalidRequestException("options." + key + " must be an array of strings", "options." + key);
        }
        if (v.size() > dev.helix.server.RequestFields.MAX_STOP_STRINGS) {
            throw new InvalidRequestException("options." + key + " takes at most " + dev.helix.server.RequestFields.MAX_STOP_STRINGS
                    + " strings", "options." + key);
        }
        List<String> result = new ArrayList<>();
        for (JsonNode s : v) {
            if (!s.isTextual()) {
                throw new InvalidRequestException("options." + key + " must be an array of strings", "options." + key);
            }
            result.add(dev.helix.server.RequestFields.stopString(s.asText(), "options." + key));
        }
        return result;
    }

    /** Ollama's {@code think}: true, or a level ("low", "medium", "high"); false or absent: no thinking asked for. */
    static boolean think(JsonNode think) {
        if (think == null || think.isNull()) {
            return false;
        }
        if (think.isBoolean()) {
            return think.booleanValue();
        }
        if (think.isTextual() && java.util.List.of("low", "medium", "high").contains(think.asText())) {
            return true;
        }
        throw new InvalidRequestException("think must be true, false, \"low\", \"medium\" or \"high\"", "think");
    }

    static List<String> inputs(EmbedRequest r) {
        return RequestFields.texts(r.input(), "input");
    }

    /** {@code logprobs} and {@code top_logprobs} (0..20) as {@link GenerationOptions#logprobs()}. */
    static Integer logprobs(Boolean logprobs, Integer top) {
        if (top != null && (top < 0 || top > GenerationOptions.MAX_TOP_LOGPROBS)) {
            throw new InvalidRequestException("top_logprobs must be between 0 and " + GenerationOptions.MAX_TOP_LOGPROBS,
                    "top_logprobs");
        }
        if (Boolean.TRUE.equals(logprobs) || (top != null && top > 0)) {
            return top == null ? 0 : top;
        }
        return null;
    }

    /** Tokens' log-probabilities as Ollama sends them. */
    static List<OllamaResponse.Logprob> logprobs(List<TokenLogprob> logprobs) {
        return logprobs.stream().map(lp -> logprob(lp, true)).toList();
    }

    private static OllamaResponse.Logprob logprob(TokenLogprob lp, boolean withTop) {
        var bytes = new ArrayList<Integer>(lp.bytes().length);
        for (byte b : lp.bytes()) {
            bytes.add(b & 0xFF);
        }
        return new OllamaResponse.Logprob(lp.token(), lp.logprob(), bytes,
                withTop ? lp.top().stream().map(t -> logprob(t, false)).toList() : null);
    }
}
