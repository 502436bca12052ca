package dev.helix.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.router.KeepAlive;
import dev.helix.router.LlamaCppProviders;
import dev.helix.router.ModelCatalog;
import dev.helix.router.ModelEntry;
import dev.helix.router.ModelRouter;
import dev.helix.router.config.HelixConfig;
import dev.helix.provider.ChatMessage;
import dev.helix.provider.Chunk;
import dev.helix.provider.GenerationOptions;
import dev.helix.provider.Role;
import dev.helix.runtime.llamacpp.RunnerSettings;
import dev.helix.server.Generation;
import dev.helix.server.ModelAccess;
import dev.helix.server.progress.LiveLine;
import dev.helix.server.progress.Spinner;
import dev.helix.server.progress.Terminal;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Answer one prompt with a model, streaming the answer to the terminal; without a prompt on a "
                + "terminal, chat (/? for help, /bye to leave).",
                "Uses the server at --host/--port when one is running (the model stays loaded there); otherwise "
                        + "loads the model itself. MODEL is a model name or a path to a .gguf file."})
final class RunCommand implements Callable<Integer> {
    @Mixin
    AddressOptions address;

    @Mixin
    ConfigOptions config;

    @Parameters(index = "0", paramLabel = "MODEL", description = "Model name, or path to a .gguf file.")
    String model;

    @Parameters(index = "1..*", paramLabel = "PROMPT", arity = "0..*",
            description = "The prompt (words are joined with spaces); read from standard input when absent.")
    List<String> prompt = new ArrayList<>();

    @Option(names = "--system", paramLabel = "TEXT", description = "A system message.")
    String system;

    @Option(names = "--temperature", paramLabel = "T", description = "Sampling temperature; 0 = greedy.")
    Double temperature;

    @Option(names = "--max-tokens", paramLabel = "N", description = "Most tokens to generate.")
    Integer maxTokens;

    @Option(names = "--seed", paramLabel = "N", description = "Random seed, for repeatable sampling.")
    Long seed;

    @Option(names = "--local", description = "Load the model in this process even if a server is running.")
    boolean local;

    @Override
    public Integer call() throws Exception {
        if (prompt.isEmpty() && System.console() != null) {
            return interactive();
        }
        String text = promptText();
        var out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Path file = Path.of(model);
        boolean isFile = model.endsWith(".gguf") || model.contains("/") || model.contains("\\");
        if (isFile && !Files.isRegularFile(file)) {
            throw new CliException("model file not found: " + model);
        }
        JsonNode server = config.serverSection();
        Optional<ServerClient> client = local || isFile ? Optional.empty()
                : ServerClient.probe(address.host(server.path("host").isTextual() ? server.get("host").asText() : null),
                        address.port(server.path("port").isInt() ? server.get("port").asInt() : null));
        try (Spinner loading = loading(out)) {
            if (client.isPresent()) {
                viaServer(client.get(), text, out, loading);
            } else {
                locally(isFile ? file : null, text, out, loading);
            }
        }
        out.println();
        return 0;
    }

    /** The chat on a terminal, through the server when one runs, else with the model loaded here for the session. */
    private int interactive() throws Exception {
        var out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        var in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8));
        var parameters = new InteractiveChat.Parameters();
        parameters.temperature = temperature;
        parameters.maxTokens = maxTokens;
        parameters.seed = seed;
        parameters.system = system;
        Path file = Path.of(model);
        boolean isFile = model.endsWith(".gguf") || model.contains("/") || model.contains("\\");
        if (isFile && !Files.isRegularFile(file)) {
            throw new CliException("model file not found: " + model);
        }
        JsonNode server = config.serverSection();
        Optional<ServerClient> client = local || isFile ? Optional.empty()
                : ServerClient.probe(address.host(server.path("host").isTextual() ? server.get("host").asText() : null),
                        address.port(server.path("port").isInt() ? server.get("port").asInt() : null));
        var firstTurn = new java.util.concurrent.atomic.AtomicBoolean(true);
        if (client.isPresent()) {
            new InteractiveChat(in, out, (messages, p, o) -> {
                try (Spinner loading = firstTurn.getAndSet(false) ? loading(o) : null) {
                    return chatViaServer(client.get(), messages, p, o, loading);
                }
            }, parameters).run();
            return 0;
        }
        HelixConfig c = config.load();
        ModelCatalog catalog = c.catalog();
        String name = model;
        if (isFile) {
            ModelEntry entry = ModelEntry.ofFile(file.toAbsolutePath(), c.defaultOptions());
            catalog = catalog.withExtraEntry(entry);
            name = entry.id();
        }
        if (catalog.find(name).isEmpty()) {
            throw ModelNotFound.of(model, c, catalog);
        }
        String id = name;
        try (var router = new ModelRouter(catalog, LlamaCppProviders.runners(RunnerSettings.defaults()),
                c.routerSettings().withMaxLoadedModels(1))) {
            var access = new ModelAccess(router);
            new InteractiveChat(in, out, (messages, p, o) -> {
                var options = new GenerationOptions(p.maxTokens, p.temperature, null, null, null, null, null, null,
                        null, p.seed, List.of(), null);
                var answer = new StringBuilder();
                try (Spinner loading = firstTurn.getAndSet(false) ? loading(o) : null;
                     Generation generation = access.chat(new dev.helix.provider.ChatRequest(id, messages, options),
                        KeepAlive.FOREVER)) {
                    var print = loading == null ? (java.util.function.Consumer<String>) o::print
                            : afterLoading(loading, o);
                    while (generation.hasNext()) {
                        if (generation.next() instanceof Chunk.Token token) {
                            print.accept(token.text());
                            answer.append(token.text());
                        }
                    }
                }
                return answer.toString();
            }, parameters).run();
        }
        return 0;
    }

    private String chatViaServer(ServerClient client, List<ChatMessage> messages, InteractiveChat.Parameters p,
                                 PrintStream out, Spinner loading) throws IOException, InterruptedException {
        var json = new ObjectMapper();
        ObjectNode request = json.createObjectNode().put("model", model);
        var list = request.putArray("messages");
        for (ChatMessage m : messages) {
            list.addObject().put("role", m.role().name().toLowerCase(java.util.Locale.ROOT)).put("content", m.content());
        }
        ObjectNode options = request.putObject("options");
        if (p.temperature != null) {
            options.put("temperature", p.temperature);
        }
        if (p.maxTokens != null) {
            options.put("num_predict", p.maxTokens);
        }
        if (p.seed != null) {
            options.put("seed", p.seed);
        }
        var answer = new StringBuilder();
        try {
            var print = loading == null ? (java.util.function.Consumer<String>) out::print : afterLoading(loading, out);
            client.chat(request, piece -> {
                print.accept(piece);
                answer.append(piece);
            });
        } catch (ServerClient.ServerError e) {
            throw new CliException(e.getMessage());
        }
        return answer.toString();
    }

    private String promptText() throws IOException {
        if (!prompt.isEmpty()) {
            return String.join(" ", prompt);
        }
        if (System.console() != null) {
            throw new CliException("give a prompt: helix run " + model + " \"your prompt\" (or pipe it in)");
        }
        String piped = new String(System.in.readAllBytes(), StandardCharsets.UTF_8).strip();
        if (piped.isEmpty()) {
            throw new CliException("the prompt is empty");
        }
        return piped;
    }

    /**
     * "loading MODEL" and the time it takes, on a terminal, until the first words of the answer (which erase it) or
     * the end; nothing elsewhere, where the output is the answer alone.
     */
    private Spinner loading(PrintStream out) {
        return new Spinner(new LiveLine(out, Terminal.detect()), "loading " + model, System::nanoTime).start();
    }

    /** Prints the answer's pieces, the loading line erased before the first. */
    private static java.util.function.Consumer<String> afterLoading(Spinner loading, PrintStream out) {
        return new java.util.function.Consumer<>() {
            private boolean first = true;

            @Override
            public void accept(String piece) {
                if (first) {
                    loading.close();
                    first = false;
                }
                out.print(piece);
            }
        };
    }

    private void viaServer(ServerClient client, String text, PrintStream out, Spinner loading)
            throws IOException, InterruptedException {
        ObjectNode request = new ObjectMapper().createObjectNode().put("model", model).put("prompt", text);
        if (system != null) {
            request.put("system", system);
        }
        ObjectNode options = request.putObject("options");
        if (temperature != null) {
            options.put("temperature", temperature);
        }
        if (maxTokens != null) {
            options.put("num_predict", maxTokens);
        }
        if (seed != null) {
            options.put("seed", seed);
        }
        try {
            client.generate(request, afterLoading(loading, out));
        } catch (ServerClient.ServerError e) {
            throw new CliException(e.getMessage());
        }
    }

    private void locally(Path file, String text, PrintStream out, Spinner loading) {
        HelixConfig c = config.load();
        ModelCatalog catalog = c.catalog();
        String name = model;
        if (file != null) {
            ModelEntry entry = ModelEntry.ofFile(file.toAbsolutePath(), c.defaultOptions());
            catalog = catalog.withExtraEntry(entry);
            name = entry.id();
        }
        if (catalog.find(name).isEmpty()) {
            throw ModelNotFound.of(model, c, catalog);
        }
        List<ChatMessage> messages = new ArrayList<>();
        if (system != null) {
            messages.add(new ChatMessage(Role.SYSTEM, system));
        }
        messages.add(new ChatMessage(Role.USER, text));
        var options = new GenerationOptions(maxTokens, temperature, null, null, null, null, null, null, null, seed,
                List.of(), null);
        try (var router = new ModelRouter(catalog, LlamaCppProviders.runners(RunnerSettings.defaults()),
                c.routerSettings().withMaxLoadedModels(1));
             Generation generation = new ModelAccess(router)
                     .chat(new dev.helix.provider.ChatRequest(name, messages, options), KeepAlive.UNLOAD_NOW)) {
            var print = afterLoading(loading, out);
            while (generation.hasNext()) {
                if (generation.next() instanceof Chunk.Token token) {
                    print.accept(token.text());
                }
            }
        }
    }
}
