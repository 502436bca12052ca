package dev.helix.server;

import dev.helix.router.KeepAlive;
import dev.helix.router.LlamaCppProviders;
import dev.helix.router.ModelCatalog;
import dev.helix.router.ModelRouter;
import dev.helix.router.RouterSettings;
import dev.helix.runtime.ModelLoadOptions;
import dev.helix.runtime.gguf.RandomLlamaModel;
import dev.helix.runtime.gguf.ScriptedLlamaModel;
import dev.helix.runtime.llamacpp.RunnerSettings;
import dev.helix.runtime.testing.TestModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real Helix server on a free port over real runner processes, serving generated models from a temporary models
 * folder: {@code tiny} (with a ChatML template), {@code plain} (no template), {@code scripted}, which writes
 * {@link #SCRIPT} whatever it is asked (two tool calls in the Hermes format) and accepts a suffix, and
 * {@code thinker}, a model whose template marks reasoning and which writes {@link #THOUGHT} then {@link #ANSWER}.
 * {@link #shared()} is started once per test JVM for the tests that leave it as they found it.
 */
public final class TestServer implements AutoCloseable {
    /** What {@code scripted} writes, token by token: two calls, with markers split across tokens. */
    public static final List<String> SCRIPT = List.of("<tool_call>", "{\"name\": \"get_weather\", \"arguments\": ",
            "{\"city\": \"Paris\"}}", "</tool_call>\n<tool", "_call>{\"name\": \"get_time\", ",
            "\"arguments\": {\"zone\": \"UTC\"}}", "</tool_call>");
    private static final ScriptedLlamaModel SCRIPTED = new ScriptedLlamaModel(SCRIPT,
            RandomLlamaModel.CHATML_TEMPLATE, true);
    /** What {@code thinker} thinks, inside its {@code <think>} block, and what it then answers. */
    public static final String THOUGHT = "Pondering-the-question.";
    public static final String ANSWER = "Bonjour-from-Helix!";
    private static final ScriptedLlamaModel THINKER = new ScriptedLlamaModel(List.of("<think>", THOUGHT, "</think>",
            ANSWER), RandomLlamaModel.CHATML_TEMPLATE + "{% if false %}<think>{% endif %}", false);

    private final Path modelsDir;
    private final ModelRouter router;
    private final HelixServer server;

    private TestServer(RouterSettings settings, ModelLoadOptions options, RunnerSettings runners) {
        this(settings, options, runners, dev.helix.router.config.ObservabilityConfig.DEFAULTS);
    }

    private TestServer(RouterSettings settings, ModelLoadOptions options, RunnerSettings runners,
                       dev.helix.router.config.ObservabilityConfig observe) {
        options = options.withEngine(engine(options.engine()));
        if (runners.nativeLibrary() == null) { // the jar's library unless a test names another: CI's, and stable
            runners = runners.withNativeLibrary("bundled");
        }
        try {
            modelsDir = Files.createTempDirectory("helix-test-models-");
            TestModels.copyOf(TestModels.tiny(), modelsDir, "tiny.gguf");
            TestModels.copyOf(TestModels.tinyWithoutTemplate(), modelsDir, "plain.gguf");
            SCRIPTED.write(modelsDir.resolve("scripted.gguf"));
            THINKER.write(modelsDir.resolve("thinker.gguf"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var catalog = new ModelCatalog(modelsDir, java.util.List.of(), options);
        var observability = dev.helix.server.observe.Observability.create(observe);
        router = new ModelRouter(catalog, LlamaCppProviders.runners(runners, observability.events()), settings,
                observability.events());
        // pulls go nowhere (a closed local port for the hub and Ollama's registry): no test reaches the network
        var offline = java.net.URI.create("http://127.0.0.1:9/");
        server = HelixServer.start(new ServerSettings("127.0.0.1", 0, 1 << 20),
                java.util.concurrent.CompletableFuture.completedFuture(router), "test", observability,
                new dev.helix.router.pull.ModelPuller(offline, null, offline,
                        dev.helix.router.pull.ModelPuller::usableSpace));
    }

    /**
     * The engine every model of every test server runs on: {@code -Dhelix.test.engine=ffm} runs a test class
     * against Helix's own engine (the {@code ffm-engine} executions; see {@link dev.helix.runtime.testing.TestEngine}),
     * else as configured.
     */
    static dev.helix.runtime.Engine engine(dev.helix.runtime.Engine configured) {
        return dev.helix.runtime.testing.TestEngine.engine(configured);
    }

    /** A server whose metrics, alerts and request log are set as models.yaml would set them. */
    public static TestServer start(dev.helix.router.config.ObservabilityConfig observe) {
        return new TestServer(RouterSettings.DEFAULTS.withQueueTimeout(Duration.ofSeconds(60)),
                ModelLoadOptions.DEFAULTS.withContextSize(2048), RunnerSettings.defaults(), observe);
    }

    /** The server's metrics, alerts and request log. */
    public dev.helix.server.observe.Observability observability() {
        return server.observability();
    }

    public static TestServer start(RouterSettings settings) {
        return new TestServer(settings, ModelLoadOptions.DEFAULTS.withContextSize(2048), RunnerSettings.defaults());
    }

    public static TestServer start(RouterSettings settings, ModelLoadOptions options, RunnerSettings runners) {
        return new TestServer(settings, options, runners);
    }

    public static TestServer start() {
        return start(RouterSettings.DEFAULTS.withQueueTimeout(Duration.ofSeconds(60)));
    }

    /** One server for the whole test JVM, closed when it exits. */
    public static TestServer shared() {
        return Shared.SERVER;
    }

    private static final class Shared {
        static final TestServer SERVER = start(RouterSettings.DEFAULTS.withDefaultKeepAlive(KeepAlive.FOREVER)
                .withQueueTimeout(Duration.ofSeconds(60)));

        static {
            Runtime.getRuntime().addShutdownHook(new Thread(SERVER::close));
        }
    }

    /** Another HTTP server over this one's router (same models, same runners), e.g. with an API key. */
    public HelixServer startHttp(ServerSettings settings) {
        return HelixServer.start(settings.withPort(0), router, "test");
    }

    /** Waits (at most 60 s) until no request holds the model on the shared server: a cancelled stream let go of it. */
    public static void awaitIdle(String model) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (shared().router().loaded().stream().anyMatch(m -> m.entry().id().equals(model) && m.activeRequests() > 0)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("model " + model + " is still in use 60 s after its client went away");
            }
            Thread.sleep(20);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    public int port() {
        return server.port();
    }

    public ModelRouter router() {
        return router;
    }

    public Path modelsDir() {
        return modelsDir;
    }

    @Override
    public void close() {
        server.close();
        router.close();
    }
}
