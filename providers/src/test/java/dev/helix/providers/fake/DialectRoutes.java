package dev.helix.providers.fake;

import dev.helix.providers.upstream.Dialect;
import dev.helix.providers.upstream.ServerKind;
import dev.helix.providers.upstream.ServerProfile;
import dev.helix.providers.upstream.ServerProfiles;

/** A kind's routes: its identity endpoints and the generation endpoints of every dialect it speaks. */
final class DialectRoutes {
    private DialectRoutes() {
    }

    static Routes forKind(ServerKind kind) {
        ServerProfile profile = ServerProfiles.of(kind);
        var routes = new Routes(profile.preferredDialect());
        if (profile.speaks(Dialect.OPENAI)) {
            var openAi = new OpenAiRoutes();
            routes.get(profile.basePath() + "/models", c -> c.json(200, Listings.openAiModels(kind, c.script())))
                    .generate(profile.basePath() + "/chat/completions", Dialect.OPENAI, openAi::chat)
                    .generate(profile.basePath() + "/completions", Dialect.OPENAI, openAi::completion);
        }
        if (profile.speaks(Dialect.OLLAMA)) {
            var ollama = new OllamaRoutes();
            routes.generate("/api/chat", Dialect.OLLAMA, ollama::chat)
                    .generate("/api/generate", Dialect.OLLAMA, ollama::generate)
                    .generate("/api/embed", Dialect.OLLAMA, ollama::embed);
        }
        if (profile.speaks(Dialect.KOBOLD_NATIVE)) {
            var kobold = new KoboldRoutes();
            routes.generate("/api/v1/generate", Dialect.KOBOLD_NATIVE, kobold::generate)
                    .generate("/api/extra/generate/stream", Dialect.KOBOLD_NATIVE, kobold::stream);
        }
        IdentityRoutes.register(kind, routes);
        return routes;
    }
}
