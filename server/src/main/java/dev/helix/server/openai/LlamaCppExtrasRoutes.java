package dev.helix.server.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.protocol.openai.ChatCompletionRequest;
import dev.helix.provider.ChatRequest;
import dev.helix.provider.InvalidRequestException;
import dev.helix.server.ModelAccess;
import dev.helix.server.RequestBodies;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The llama.cpp server endpoints tools use beside the OpenAI API: {@code /health}, {@code /tokenize},
 * {@code /detokenize} and {@code /apply-template}. llama-server serves one model; here a request may name one with
 * {@code model}, and without it means the only model loaded (or the only one there is). Errors come in OpenAI's shape,
 * as llama-server sends them.
 */
public final class LlamaCppExtrasRoutes {
    private static final Set<String> PATHS = Set.of("/health", "/tokenize", "/detokenize", "/apply-template");

    private final ModelAccess models;
    private final RequestBodies json;

    /** {@code /tokenize}: {@code content}, {@code add_special} (BOS), {@code with_pieces} (each token's text). */
    record TokenizeRequest(String model, String content, Boolean addSpecial, Boolean withPieces) {}

    record DetokenizeRequest(String model, JsonNode tokens) {}

    record TemplateRequest(String model, List<ChatCompletionRequest.Message> messages, JsonNode tools,
                           JsonNode toolChoice) {}

    record Piece(int id, String piece) {}

    public LlamaCppExtrasRoutes(ModelAccess models, RequestBodies json) {
        this.models = models;
        this.json = json;
    }

    /** Whether errors on this path take OpenAI's shape. */
    public static boolean owns(String path) {
        return PATHS.contains(path);
    }

    public void register(RoutesConfig routes) {
        routes.get("/health", ctx -> ctx.json(Map.of("status", "ok")));
        routes.post("/tokenize", this::tokenize);
        routes.post("/detokenize", this::detokenize);
        routes.post("/apply-template", this::applyTemplate);
    }

    private void tokenize(Context ctx) {
        var body = json.read(ctx, TokenizeRequest.class);
        if (body.content() == null) {
            throw new InvalidRequestException("content is required", "content");
        }
        String model = models.defaultModel(body.model());
        int[] tokens = models.tokenize(model, body.content(), Boolean.TRUE.equals(body.addSpecial()));
        if (!Boolean.TRUE.equals(body.withPieces())) {
            ctx.json(Map.of("tokens", tokens));
            return;
        }
        List<Piece> pieces = new ArrayList<>(tokens.length);
        for (int token : tokens) {
            pieces.add(new Piece(token, models.detokenize(model, new int[] {token})));
        }
        ctx.json(Map.of("tokens", pieces));
    }

    private void detokenize(Context ctx) {
        var body = json.read(ctx, DetokenizeRequest.class);
        JsonNode tokens = body.tokens();
        if (tokens == null || !tokens.isArray()) {
            throw new InvalidRequestException("tokens must be an array of token ids", "tokens");
        }
        int[] ids = new int[tokens.size()];
        for (int i = 0; i < ids.length; i++) {
            if (!tokens.get(i).isIntegralNumber() || !tokens.get(i).canConvertToInt()) {
                throw new InvalidRequestException("tokens must be an array of token ids", "tokens");
            }
            ids[i] = tokens.get(i).intValue();
        }
        String model = models.defaultModel(body.model());
        ctx.json(Map.of("content", ids.length == 0 ? "" : models.detokenize(model, ids)));
    }

    private void applyTemplate(Context ctx) {
        var body = json.read(ctx, TemplateRequest.class);
        String model = models.defaultModel(body.model());
        var request = new ChatRequest(model, OpenAiMapper.messages(body.messages()), null,
                OpenAiMapper.tools(body.tools()), OpenAiMapper.toolChoice(body.toolChoice()), false);
        ctx.json(Map.of("prompt", models.applyTemplate(request)));
    }
}
