package dev.helix.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.provider.Completion;
import dev.helix.provider.CompletionRequest;
import dev.helix.provider.GenerationOptions;
import dev.helix.runtime.Engine;
import dev.helix.runtime.ModelLoadOptions;
import dev.helix.runtime.gguf.RandomLlamaModel;
import dev.helix.runtime.llamacpp.LlamaCppProvider;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * engine: ffm on the current, host-tuned llama.cpp ({@code native/build.sh --backend cpu}'s install) beside that
 * build's own {@code llama-server}: the same model, threads and slots (4, 512 tokens each), rounds alternating
 * which goes first, one stream alone then four at once, each a greedy completion of {@value #TOKENS} tokens with
 * end of generation banned (logit bias on token 2). Figures: aggregate tokens/s (completion tokens over wall time,
 * prompts included) and the median per-stream decode rate each side reports.
 *
 * <p>{@code java --enable-native-access=ALL-UNNAMED -cp ... dev.helix.benchmarks.LlamaServerComparison [rounds]
 * [threads] [install dir] [model.gguf]}; without a model file, a random 15M-parameter llama (F16) is generated.
 */
public final class LlamaServerComparison {
    private static final int TOKENS = 64;
    private static final int SLOTS = 4;
    private static final int SLOT_CONTEXT = 512;
    private static final List<String> PROMPTS = List.of("Once upon a time", "The quick brown fox",
            "In the beginning there was", "hello world, said the");
    private static final ObjectMapper JSON = new ObjectMapper();

    private LlamaServerComparison() {}

    /** One side: {aggregate tokens/s, median decode tokens/s per stream} of n concurrent completions. */
    private interface Side {
        double[] run(int streams) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Path install = args.length > 2 ? Path.of(args[2])
                : Path.of(System.getProperty("user.home"), ".helix", "native", "cpu", "current");
        Path model;
        if (args.length > 3) {
            model = Path.of(args[3]);
        } else {
            model = Files.createTempFile("helix-bench-15M-", ".gguf");
            model.toFile().deleteOnExit();
            RandomLlamaModel.small15M().write(model);
        }
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process server = new ProcessBuilder(install.resolve("bin/llama-server").toString(), "-m", model.toString(),
                "-t", Integer.toString(threads), "-tb", Integer.toString(threads), "-np", Integer.toString(SLOTS),
                "-c", Integer.toString(SLOTS * SLOT_CONTEXT), "--host", "127.0.0.1", "--port", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        var http = HttpClient.newHttpClient();
        ModelLoadOptions options = ModelLoadOptions.DEFAULTS.withContextSize(SLOT_CONTEXT).withParallel(SLOTS)
                .withThreads(threads).withEmbeddings(false).withEngine(Engine.FFM).withNativeDir(install.toString());
        try (var provider = LlamaCppProvider.load("m", model, options, Duration.ofMinutes(5))) {
            awaitHealth(http, port);
            Side helix = streams -> helix(provider, streams);
            Side llama = streams -> llamaServer(http, port, streams);
            Map<String, Side> sides = Map.of("helix ffm", helix, "llama-server", llama);
            var one = new java.util.TreeMap<String, List<Double>>();
            var four = new java.util.TreeMap<String, List<Double>>();
            var decodeOne = new java.util.TreeMap<String, List<Double>>();
            var decodeFour = new java.util.TreeMap<String, List<Double>>();
            for (int round = 0; round < rounds + 1; round++) {
                List<String> order = round % 2 == 0 ? List.of("helix ffm", "llama-server")
                        : List.of("llama-server", "helix ffm");
                for (String name : order) {
                    Side side = sides.get(name);
                    side.run(1); // warm-up (and the prompt caches of both)
                    double[] a = side.run(1);
                    double[] b = side.run(SLOTS);
                    if (round > 0) { // round 0 warms both up
                        one.computeIfAbsent(name, k -> new ArrayList<>()).add(a[0]);
                        decodeOne.computeIfAbsent(name, k -> new ArrayList<>()).add(a[1]);
                        four.computeIfAbsent(name, k -> new ArrayList<>()).add(b[0]);
                        decodeFour.computeIfAbsent(name, k -> new ArrayList<>()).add(b[1]);
                    }
                }
            }
            System.out.printf(Locale.ROOT, "model %s, %d threads, %d slots, %d rounds, %d tokens per stream, "
                    + "greedy, library %s%n", model, threads, SLOTS, rounds, TOKENS, install);
            System.out.println("| side | 1 stream, tok/s | 4 streams, aggregate tok/s | 4 / 1 | decode per stream, 1 "
                    + "| decode per stream, 4 |");
            System.out.println("|---|---|---|---|---|---|");
            for (String name : one.keySet()) {
                System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.2f | %.0f | %.0f |%n", name,
                        median(one.get(name)), median(four.get(name)),
                        median(four.get(name)) / median(one.get(name)), median(decodeOne.get(name)),
                        median(decodeFour.get(name)));
            }
        } finally {
            server.destroy();
        }
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }

    private static void awaitHealth(HttpClient http, int port) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                var reply = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (reply.statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            Thread.sleep(100); // polling a starting server; not a measurement
        }
        throw new IllegalStateException("llama-server did not become healthy in 120 s");
    }

    private static double[] helix(LlamaCppProvider provider, int streams) throws Exception {
        GenerationOptions greedy = GenerationOptions.DEFAULTS.withTemperature(0.0).withMaxTokens(TOKENS)
                .withLogitBias(Map.of(2, -100.0));
        return concurrently(streams, prompt -> {
            Completion c = provider.complete(new CompletionRequest("m", prompt, greedy)).collect();
            double decode = c.timings().generationNanos() > 0 && c.usage().completionTokens() > 1
                    ? (c.usage().completionTokens() - 1) * 1e9 / c.timings().generationNanos() : Double.NaN;
            return new double[] {c.usage().completionTokens(), decode};
        });
    }

    private static double[] llamaServer(HttpClient http, int port, int streams) throws Exception {
        return concurrently(streams, prompt -> {
            String body = JSON.writeValueAsString(Map.of("prompt", prompt, "n_predict", TOKENS, "temperature", 0,
                    "logit_bias", List.of(List.of(2, -100))));
            var reply = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/completion"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = JSON.readTree(reply.body());
            if (reply.statusCode() != 200) {
                throw new IllegalStateException("llama-server: " + reply.body());
            }
            return new double[] {json.get("tokens_predicted").asDouble(),
                    json.get("timings").get("predicted_per_second").asDouble()};
        });
    }

    private interface Completer {
        double[] complete(String prompt) throws Exception;
    }

    /** {aggregate tokens/s, median per-stream decode tokens/s} of {@code streams} concurrent completions. */
    private static double[] concurrently(int streams, Completer completer) throws Exception {
        try (var pool = Executors.newFixedThreadPool(streams)) {
            List<Future<double[]>> futures = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < streams; i++) {
                String prompt = PROMPTS.get(i % PROMPTS.size());
                futures.add(pool.submit((Callable<double[]>) () -> completer.complete(prompt)));
            }
            double tokens = 0;
            List<Double> decode = new ArrayList<>();
            for (Future<double[]> f : futures) {
                double[] r = f.get();
                tokens += r[0];
                if (!Double.isNaN(r[1])) {
                    decode.add(r[1]);
                }
            }
            return new double[] {tokens / ((System.nanoTime() - start) / 1e9), median(decode)};
        }
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
