package dev.helix.benchmarks;

import dev.helix.benchmarks.load.BenchJson;
import dev.helix.benchmarks.load.LoadRunner;
import dev.helix.benchmarks.load.LoadSpec;
import dev.helix.benchmarks.load.Prompts;
import dev.helix.benchmarks.load.ReportTable;
import dev.helix.benchmarks.load.RunReport;
import dev.helix.benchmarks.load.StreamRequest;
import dev.helix.server.cli.Version;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = Version.class,
        subcommands = {BenchChatCommand.class, BenchModelCommand.class},
        description = {"Measure a server under load: N concurrent streaming clients against any OpenAI- or "
                + "Ollama-compatible endpoint (Helix, llama-server, Ollama, vLLM), greedy decoding, fixed prompts "
                + "and seed.",
                "Reports time to first token (p50/p90/p99), decode tokens/s per stream, aggregate tokens/s, "
                        + "requests/s, errors, and the peak memory of the server and its child processes."})
final class BenchCommand implements Callable<Integer> {
    @Mixin
    BenchTarget target;

    @Option(names = {"-c", "--concurrency"}, paramLabel = "N", defaultValue = "1",
            description = "Clients streaming at once (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = {"-n", "--requests"}, paramLabel = "N",
            description = "Requests to measure, shared by the clients (default 8 per client).")
    Integer requests;

    @Option(names = "--warmup", paramLabel = "N",
            description = "Requests sent first and not counted; they load the model (default: one per client).")
    Integer warmup;

    @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "64",
            description = "Tokens per answer at most (default ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Sampling seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--prompt", paramLabel = "TEXT",
            description = "Send this prompt every time (default: a short story request that differs per request, "
                    + "so no answer comes from another's prompt cache).")
    String prompt;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures to FILE as JSON.")
    Path json;

    @Override
    public Integer call() {
        if (concurrency < 1 || maxTokens < 1) {
            throw new BenchException("--concurrency and --max-tokens must be at least 1");
        }
        int total = requests != null ? requests : 8 * concurrency;
        int warm = warmup != null ? warmup : concurrency;
        String model = target.model;
        var spec = new LoadSpec(target.api().label() + " x" + concurrency, concurrency, total, warm,
                i -> StreamRequest.greedy(model, prompt != null ? Prompts.fixed(prompt) : Prompts.story(i), maxTokens,
                        seed));
        try (BenchTarget.Connection connection = target.open()) {
            System.out.println("bench: " + total + " requests, " + concurrency + " at a time, to "
                    + connection.client().base() + connection.client().api().path() + " (" + model + ", "
                    + maxTokens + " tokens, seed " + seed + ")"
                    + (connection.sampler() == null ? "; no server process to watch" : "; watching pid "
                    + connection.sampler().pid()));
            RunReport report = LoadRunner.run(spec, connection.client()::stream, connection.sampler());
            System.out.print(ReportTable.render(List.of(report)));
            if (json != null) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("url", connection.client().base().toString());
                out.put("api", connection.client().api().label());
                out.put("model", model);
                out.put("max_tokens", maxTokens);
                out.put("seed", seed);
                out.put("report", report);
                BenchJson.write(json, out);
            }
            return report.errors() == 0 ? 0 : 1;
        }
    }
}
