package dev.helix.server.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.protocol.llamacpp.ApplyTemplateRequest;
import dev.helix.protocol.llamacpp.ApplyTemplateResponse;
import dev.helix.protocol.llamacpp.DetokenizeRequest;
import dev.helix.protocol.llamacpp.DetokenizeResponse;
import dev.helix.protocol.llamacpp.HealthResponse;
import dev.helix.protocol.llamacpp.TokenizeRequest;
import dev.helix.protocol.llamacpp.TokenizeResponse;
import dev.helix.provider.ChatRequest;
import dev.helix.provider.InvalidRequestException;
import dev.helix.server.ModelAccess;
import dev.helix.server.RequestBodies;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
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

    public LlamaCppExtrasRoutes(ModelAccess models, RequestBodies json) {
        this.models = models;
        this.json = json;
    }

    /** Whether errors on this path take OpenAI's shape. */
    public static boolean owns(String path) {
        return PATHS.contains(path);
    }

    public void register(RoutesConfig routes) {
        routes.get("/health", ctx -> ctx.json(new HealthResponse("ok")));
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
        int[] tokens = models.of(ctx).tokenize(model, body.content(), Boolean.TRUE.equals(body.addSpecial()));
        if (!Boolean.TRUE.equals(body.withPieces())) {
            ctx.json(new TokenizeResponse(tokens));
            return;
        }
        List<TokenizeResponse.Piece> pieces = new ArrayList<>(tokens.length);
        for (int token : tokens) {
            pieces.add(new TokenizeResponse.Piece(token, models.of(ctx).detokenize(model, new int[] {token})));
        }
        ctx.json(new TokenizeResponse.WithPieces(pieces));
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
        ctx.json(new DetokenizeResponse(ids.length == 0 ? "" : models.of(ctx).detokenize(model, ids)));
    }

    private void applyTemplate(Context ctx) {
        var body = json.read(ctx, ApplyTemplateRequest.class);
        String model = models.defaultModel(body.model());
        var request = new ChatRequest(model, OpenAiMapper.messages(body.messages()), null,
                OpenAiMapper.tools(body.tools()), OpenAiMapper.toolChoice(body.toolChoice()), false);
        ctx.json(new ApplyTemplateResponse(models.of(ctx).applyTemplate(request)));
    }
}
