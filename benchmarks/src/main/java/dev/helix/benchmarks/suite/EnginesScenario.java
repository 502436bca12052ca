package dev.helix.benchmarks.suite;

import dev.helix.benchmarks.ModelFiles;
import dev.helix.benchmarks.load.Api;
import dev.helix.benchmarks.load.BenchJson;
import dev.helix.benchmarks.load.StreamClient;
import dev.helix.runtime.gguf.GgmlType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Issue 15's comparison, end to end over HTTP as a user runs each server: (a) Helix ({@code java -jar helix.jar
 * serve}, its runner process, {@code engine: ffm} with {@code native_dir} the host-tuned {@code native/build.sh}
 * install) against that install's own {@code bin/llama-server} with the same threads, slots, context and batch
 * sizes; (b) on the jar's own library, {@code engine: ffm} ({@code native_dir: bundled}) against {@code engine:
 * binding}, both models of one Helix. Same generated model (the 194 MB F32 random llama) on every side, measured by
 * {@link SideBySide}. Without an install (CI has none), (a) is skipped with the reason and (b) still runs.
 */
final class EnginesScenario {
    /** Helix's CPU micro-batch (runtime's {@code LoadParameters.microBatch()}), given to llama-server too. */
    static final int MICRO_BATCH = 128;
    /** Helix's default {@code batch_size}, given to llama-server too. */
    static final int BATCH = 512;
    /** Threads when the suite is not given --threads: the issue's. */
    static final int DEFAULT_THREADS = 2;

    /**
     * @param install           the native/build.sh install of (a), and its build.json's tag and commit
     * @param llamaServer       (a), or null with {@code llamaServerSkipped} saying why
     * @param llamaServerCommand the llama-server command line (a) ran
     * @param binding           (b): ffm on the jar's library against the binding
     * @param ompWaitPolicy     {@code OMP_WAIT_POLICY} as every side inherited it ("" unset): both llama.cpp builds
     *                          use OpenMP, whose threads spin at each barrier unless it is {@code passive}, and on
     *                          cores shared with other work that spinning decides the figures (measured: a 500-token
     *                          prompt's TTFT on the tiny model 2,060 and 822 ms spinning, 27 and 23 ms passive)
     */
    record Result(String model, long modelBytes, long parameters, String shape, int threads, int slots,
                  int slotContext, int batch, int microBatch, int rounds, int maxTokens, int longMaxTokens,
                  int historyWords, int warmup, String install, String installBuild, String measuredAt,
                  double minutes, String loadAverage, SideBySide.Comparison llamaServer, String llamaServerSkipped,
                  String llamaServerCommand, SideBySide.Comparison binding, String ompWaitPolicy) {}

    private EnginesScenario() {}

    static Result run(Path helixJar, Path folder, ModelFiles models, Path install, Plan plan, int threads, int slots,
                      int slotContext) throws IOException {
        long started = System.nanoTime();
        var preset = ModelFiles.Preset.BASE_50M;
        Path model = models.get(preset, GgmlType.F32);
        var options = new HelixUnderTest.Options(slotContext, slots, threads);
        int rounds = plan.enginesRounds();
        int tokens = plan.enginesMaxTokens();
        int longTokens = plan.enginesLongMaxTokens();
        int warmup = plan.enginesWarmup();

        SideBySide.Comparison llama = null;
        String skipped = null;
        String command = null;
        if (!Files.isExecutable(LlamaServerProcess.binary(install))) {
            skipped = "no llama-server at " + LlamaServerProcess.binary(install) + " (native/build.sh --backend cpu "
                    + "installs one)";
        } else {
            step("Helix (engine ffm, native_dir " + install + ") against its llama-server: " + rounds + " rounds");
            var flags = new LlamaServerProcess.Flags(threads, slots, slotContext, BATCH, MICRO_BATCH);
            Map<String, HelixUnderTest.Served> served = Map.of("ffm-native",
                    new HelixUnderTest.Served(model, "engine: ffm, native_dir: \"" + install + "\""));
            try (var server = LlamaServerProcess.start(install, model, flags, folder.resolve("llama-server.log"));
                 var helix = HelixUnderTest.serving(helixJar, folder.resolve("helix-native"), served, options);
                 var helixClient = helix.client(Api.OPENAI);
                 var serverClient = new StreamClient(server.url(), Api.OPENAI, Duration.ofMinutes(5))) {
                command = String.join(" ", server.command());
                helix.load("ffm-native");
                llama = SideBySide.measure(new SideBySide.Side("helix ffm", helixClient, "ffm-native"),
                        new SideBySide.Side("llama-server", serverClient, "llama-server"), rounds, tokens, longTokens,
                        warmup, EnginesScenario::progress);
            }
        }

        step("engine ffm against engine binding, both on the jar's library: " + rounds + " rounds");
        Map<String, HelixUnderTest.Served> both = new LinkedHashMap<>();
        both.put("ffm-bundled", new HelixUnderTest.Served(model, "engine: ffm, native_dir: bundled"));
        both.put("binding", new HelixUnderTest.Served(model, "engine: binding"));
        SideBySide.Comparison binding;
        try (var helix = HelixUnderTest.serving(helixJar, folder.resolve("helix-bundled"), both, options);
             var client = helix.client(Api.OPENAI)) {
            helix.load("ffm-bundled");
            helix.load("binding");
            binding = SideBySide.measure(new SideBySide.Side("ffm", client, "ffm-bundled"),
                    new SideBySide.Side("binding", client, "binding"), rounds, tokens, longTokens, warmup,
                    EnginesScenario::progress);
        }

        var shape = preset.model(GgmlType.F32);
        return new Result(model.getFileName().toString(), Files.size(model), shape.parameterCount(),
                "vocabulary " + shape.vocabularySize() + ", n_embd " + shape.embeddingLength() + ", "
                        + shape.blockCount() + " blocks, " + shape.headCount() + " heads / " + shape.headCountKv()
                        + " KV heads, n_ff " + shape.feedForwardLength(),
                threads, slots, slotContext, BATCH, MICRO_BATCH, rounds, tokens, longTokens, SideBySide.HISTORY_WORDS,
                warmup, install.toString(), build(install), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                (System.nanoTime() - started) / 60e9, Machine.loadAverageNow(), llama, skipped, command, binding,
                Objects.requireNonNullElse(System.getenv("OMP_WAIT_POLICY"), ""));
    }

    /** The install's build.json tag and commit, or "" without one. */
    private static String build(Path install) {
        Path json = install.resolve("build.json");
        if (!Files.isRegularFile(json)) {
            return "";
        }
        try {
            var node = BenchJson.mapper().readTree(json.toFile());
            return node.path("tag").asText("") + " " + node.path("commit").asText("").substring(0,
                    Math.min(8, node.path("commit").asText("").length()));
        } catch (IOException e) {
            return "";
        }
    }

    private static void progress(int round) {
        System.out.printf("  round %d done at %s%n", round, LocalTime.now().truncatedTo(ChronoUnit.SECONDS));
    }

    private static void step(String what) {
        System.out.printf("[%s] %s%n", LocalTime.now().truncatedTo(ChronoUnit.SECONDS), what);
    }
}
