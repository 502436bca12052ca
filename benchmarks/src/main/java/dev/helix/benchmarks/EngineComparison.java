package dev.helix.benchmarks;

import dev.helix.provider.Completion;
import dev.helix.provider.CompletionRequest;
import dev.helix.provider.GenerationOptions;
import dev.helix.runtime.Engine;
import dev.helix.runtime.ModelLoadOptions;
import dev.helix.runtime.gguf.RandomLlamaModel;
import dev.helix.runtime.llamacpp.LlamaCppProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * engine: ffm beside engine: binding, in one process, rounds alternating: one stream alone, then four at once, each
 * a greedy completion of {@value #TOKENS} tokens with end of generation out of reach (every prompt runs to its
 * length). Figures: aggregate tokens/s (completion tokens over wall time, prompts included) and the median
 * per-stream decode rate from each generation's own timings.
 *
 * <p>{@code java --enable-native-access=ALL-UNNAMED -cp ... dev.helix.benchmarks.EngineComparison [rounds]
 * [threads] [model.gguf]}; without a model file, a random 15M-parameter llama (F16) is generated.
 */
public final class EngineComparison {
    private static final int TOKENS = 64;
    private static final List<String> PROMPTS = List.of("Once upon a time", "The quick brown fox",
            "In the beginning there was", "hello world, said the");

    private EngineComparison() {}

    /** The figures of one engine over all rounds. */
    private record Figures(List<Double> one, List<Double> four, List<Double> decodeOne, List<Double> decodeFour) {
        Figures() {
            this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        Path model;
        if (args.length > 2) {
            model = Path.of(args[2]);
        } else {
            model = Files.createTempFile("helix-bench-15M-", ".gguf");
            model.toFile().deleteOnExit();
            RandomLlamaModel.small15M().write(model);
        }
        ModelLoadOptions options = ModelLoadOptions.DEFAULTS.withContextSize(512).withParallel(4).withThreads(threads)
                .withEmbeddings(false).withNativeDir("bundled"); // both engines on the jar's library
        var figures = new java.util.EnumMap<Engine, Figures>(Engine.class);
        for (int round = 0; round < rounds + 1; round++) {
            List<Engine> order = round % 2 == 0 ? List.of(Engine.BINDING, Engine.FFM)
                    : List.of(Engine.FFM, Engine.BINDING);
            for (Engine engine : order) {
                try (var provider = LlamaCppProvider.load("m", model, options.withEngine(engine),
                        Duration.ofMinutes(5))) {
                    run(provider, 1); // warm-up
                    double[] one = run(provider, 1);
                    double[] four = run(provider, 4);
                    if (round > 0) { // round 0 warms the process up
                        Figures f = figures.computeIfAbsent(engine, e -> new Figures());
                        f.one().add(one[0]);
                        f.decodeOne().add(one[1]);
                        f.four().add(four[0]);
                        f.decodeFour().add(four[1]);
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "model %s, %d threads, %d rounds, %d tokens per stream, greedy%n", model,
                threads, rounds, TOKENS);
        System.out.println("| engine | 1 stream, tok/s | 4 streams, aggregate tok/s | 4 / 1 | decode per stream, 1 "
                + "| decode per stream, 4 |");
        System.out.println("|---|---|---|---|---|---|");
        for (var e : figures.entrySet()) {
            Figures f = e.getValue();
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.2f | %.0f | %.0f |%n", e.getKey().wireName(),
                    median(f.one()), median(f.four()), median(f.four()) / median(f.one()), median(f.decodeOne()),
                    median(f.decodeFour()));
        }
        System.out.flush();
        Runtime.getRuntime().halt(0); // the binding leaves a non-daemon native thread behind
    }

    /** {aggregate tokens/s, median per-stream decode tokens/s} of {@code streams} concurrent generations. */
    private static double[] run(LlamaCppProvider provider, int streams) throws Exception {
        // end of generation banned (its id is 2 in the generated vocabulary): every stream runs its full length
        GenerationOptions greedy = GenerationOptions.DEFAULTS.withTemperature(0.0).withMaxTokens(TOKENS)
                .withLogitBias(java.util.Map.of(2, -100.0));
        try (var pool = Executors.newFixedThreadPool(streams)) {
            List<Future<Completion>> futures = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < streams; i++) {
                String prompt = PROMPTS.get(i % PROMPTS.size());
                futures.add(pool.submit((Callable<Completion>) () -> provider.complete(
                        new CompletionRequest("m", prompt, greedy)).collect()));
            }
            long tokens = 0;
            List<Double> decode = new ArrayList<>();
            for (Future<Completion> f : futures) {
                Completion c = f.get();
                tokens += c.usage().completionTokens();
                if (c.timings().generationNanos() > 0 && c.usage().completionTokens() > 1) {
                    decode.add((c.usage().completionTokens() - 1) * 1e9 / c.timings().generationNanos());
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new double[] {tokens / seconds, median(decode)};
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
