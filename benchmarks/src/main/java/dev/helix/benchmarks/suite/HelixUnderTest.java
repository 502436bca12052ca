package dev.helix.benchmarks.suite;

import dev.helix.benchmarks.load.Api;
import dev.helix.benchmarks.load.HelixProcess;
import dev.helix.benchmarks.load.ProcFs;
import dev.helix.benchmarks.load.ProcessSampler;
import dev.helix.benchmarks.load.StreamClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The shipped jar serving benchmark models: {@code java -jar helix.jar serve} with a models.yaml written here that
 * names each model and fixes the load options (context per slot, slots, threads) the comparison needs, and keeps
 * models loaded (keep_alive -1) until told otherwise; or, with no model, in front of another server as a user would
 * configure it ({@link #proxy}).
 */
final class HelixUnderTest implements AutoCloseable {
    /**
     * Every server here is told not to probe the default ports of other local servers: a measured server must not
     * pick up whatever else runs on this machine, nor spend its cores on probes.
     */
    private static final String NO_DISCOVERY = "discovery: {enabled: false}\n";

    private final HelixProcess process;
    private final ProcessSampler sampler;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private HelixUnderTest(HelixProcess process) {
        this.process = process;
        this.sampler = new ProcessSampler(process.pid(), Duration.ofMillis(100));
    }

    /** Load options written to models.yaml for every model. */
    record Options(int contextPerSlot, int parallel, int threads) {}

    static HelixUnderTest start(Path helixJar, Path folder, Map<String, Path> models, Options options) {
        return start(helixJar, folder, models, options, "queue_timeout: 5m\n", List.of());
    }

    /**
     * A model file and its own load options, written as models.yaml's inline map (e.g. {@code engine: ffm,
     * native_dir: bundled}); empty for none.
     */
    record Served(Path file, String options) {}

    /** As {@link #start(Path, Path, Map, Options)}, each model with its own options (engine, native_dir...). */
    static HelixUnderTest serving(Path helixJar, Path folder, Map<String, Served> models, Options options) {
        return configured(helixJar, folder, models, options, "queue_timeout: 5m\n", List.of());
    }

    /**
     * @param settings   more top-level models.yaml lines (queue_timeout among them: it has no default here)
     * @param jvmOptions options for the server's JVM (its runners get their own)
     */
    static HelixUnderTest start(Path helixJar, Path folder, Map<String, Path> models, Options options,
                                String settings, List<String> jvmOptions) {
        var served = new java.util.LinkedHashMap<String, Served>();
        models.forEach((id, file) -> served.put(id, new Served(file, "")));
        return configured(helixJar, folder, served, options, settings, jvmOptions);
    }

    private static HelixUnderTest configured(Path helixJar, Path folder, Map<String, Served> models, Options options,
                                             String settings, List<String> jvmOptions) {
        try {
            Files.createDirectories(folder.resolve("no-models"));
            var yaml = new StringBuilder()
                    .append("models_dir: ").append(folder.resolve("no-models").toAbsolutePath()).append('\n')
                    .append("max_loaded_models: 2\nkeep_alive: -1\n").append(settings)
                    .append("defaults:\n")
                    .append("  context_size: ").append(options.contextPerSlot()).append('\n')
                    .append("  parallel: ").append(options.parallel()).append('\n')
                    .append("  threads: ").append(options.threads()).append('\n')
                    .append("models:\n");
            models.forEach((id, model) -> {
                yaml.append("  - id: ").append(id).append('\n')
                        .append("    path: ").append(model.file().toAbsolutePath()).append('\n');
                if (!model.options().isEmpty()) {
                    yaml.append("    options: {").append(model.options()).append("}\n");
                }
            });
            yaml.append(NO_DISCOVERY);
            return serve(helixJar, folder, yaml.toString(), jvmOptions);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A Helix with no model of its own in front of another server that speaks OpenAI's API (another Helix here),
     * configured as a user would: a provider of type {@code helix} with its endpoint, no retries. Returns once it
     * lists {@code model}, i.e. once its first health probe of the upstream has come back.
     */
    static HelixUnderTest proxy(Path helixJar, Path folder, URI upstream, String model) {
        try {
            Files.createDirectories(folder.resolve("no-models"));
            String yaml = "models_dir: " + folder.resolve("no-models").toAbsolutePath() + "\n"
                    + "keep_alive: -1\nqueue_timeout: 5m\n"
                    + "providers:\n"
                    + "  upstream:\n"
                    + "    type: helix\n"
                    + "    endpoint: \"" + upstream + "\"\n"
                    + "    parameters: {timeout: 60s, max_retries: 0}\n"
                    + NO_DISCOVERY;
            var proxy = serve(helixJar, folder, yaml, List.of());
            try {
                proxy.awaitListed(model, Duration.ofSeconds(60));
            } catch (RuntimeException e) {
                proxy.close();
                throw e;
            }
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HelixUnderTest serve(Path helixJar, Path folder, String yaml, List<String> jvmOptions)
            throws IOException {
        Path config = folder.resolve("models.yaml");
        Files.writeString(config, yaml);
        return new HelixUnderTest(HelixProcess.start(HelixProcess.jar(helixJar, jvmOptions),
                List.of("--config", config.toString()), folder.resolve("serve.log"), Duration.ofSeconds(60)));
    }

    /** Waits until {@code GET /v1/models} names {@code model}. */
    void awaitListed(String model, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String needle = "\"id\":\"" + model + "\"";
        String last = "";
        while (System.nanoTime() - deadline < 0) {
            try {
                var response = http.send(HttpRequest.newBuilder(process.url().resolve("/v1/models"))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                last = response.body();
                if (response.statusCode() == 200 && last.replace(" ", "").contains(needle)) {
                    return;
                }
                Thread.sleep(100);
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException(process.url() + " did not list " + model + " within " + timeout.toSeconds()
                + " s; last answer: " + last + "; see " + process.log());
    }

    URI url() {
        return process.url();
    }

    long pid() {
        return process.pid();
    }

    ProcessSampler sampler() {
        return sampler;
    }

    StreamClient client(Api api) {
        return new StreamClient(process.url(), api, Duration.ofMinutes(5));
    }

    /** Loads a model (Ollama's empty generate request) and returns how long it took, in milliseconds. */
    double load(String model) {
        long start = System.nanoTime();
        post("/api/generate", "{\"model\":\"" + model + "\"}");
        return (System.nanoTime() - start) / 1e6;
    }

    /** Unloads a model (empty generate request with keep_alive 0); returns when the server says it is done. */
    void unload(String model) {
        post("/api/generate", "{\"model\":\"" + model + "\",\"keep_alive\":0}");
    }

    /** The one runner process, when exactly one model is loaded. */
    OptionalLong runnerPid() {
        List<Long> children = ProcFs.descendants(process.pid());
        return children.size() == 1 ? OptionalLong.of(children.get(0)) : OptionalLong.empty();
    }

    private void post(String path, String body) {
        try {
            var response = http.send(HttpRequest.newBuilder(process.url().resolve(path))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                    .timeout(Duration.ofMinutes(5)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        sampler.close();
        http.close();
        process.close();
    }
}
