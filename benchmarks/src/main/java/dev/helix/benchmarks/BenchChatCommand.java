package dev.helix.benchmarks;

import dev.helix.benchmarks.load.BenchJson;
import dev.helix.benchmarks.load.ChatScenario;
import dev.helix.benchmarks.load.Prompts;
import dev.helix.benchmarks.load.ReportTable;
import dev.helix.benchmarks.load.StreamRequest;
import dev.helix.benchmarks.load.StreamResult;
import dev.helix.server.cli.Version;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "chat", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Multi-turn chat: each conversation's first turn carries a long history, its next turn shares "
                + "that prefix. Reports both times to first token and their ratio (prefix reuse).",
                "All first turns go first, then all next turns, so a next turn is fast only if the server kept its "
                        + "conversation's prefix and routed the turn back to it."})
final class BenchChatCommand implements Callable<Integer> {
    @Mixin
    BenchTarget target;

    @Option(names = "--conversations", paramLabel = "N", defaultValue = "4",
            description = "Conversations (default ${DEFAULT-VALUE}; at most the server's slots measures reuse, more "
                    + "measures eviction).")
    int conversations;

    @Option(names = "--history-tokens", paramLabel = "N", defaultValue = "1000",
            description = "Approximate tokens of history before the first question (default ${DEFAULT-VALUE}).")
    int historyTokens;

    @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "16",
            description = "Tokens per answer at most (default ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Sampling seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures to FILE as JSON.")
    Path json;

    @Override
    public Integer call() {
        if (conversations < 1 || historyTokens < 1 || maxTokens < 1) {
            throw new BenchException("--conversations, --history-tokens and --max-tokens must be at least 1");
        }
        String model = target.model;
        try (BenchTarget.Connection connection = target.open()) {
            // one throw-away request loads the model, so the first turn's time is not a load
            StreamResult warm = connection.client().stream(StreamRequest.greedy(model,
                    Prompts.story(-1), 1, seed));
            if (!warm.ok()) {
                throw new BenchException("the server did not answer: " + warm.error());
            }
            var report = new ChatScenario(model, conversations, historyTokens, maxTokens, seed)
                    .run(connection.client()::stream);
            System.out.printf("%d conversations, history about %d tokens (server counted %s prompt tokens on the "
                            + "first turn, %s on the next)%n", conversations, historyTokens,
                    ReportTable.fixed(report.firstTurnPromptTokens().p50(), 0),
                    ReportTable.fixed(report.nextTurnPromptTokens().p50(), 0));
            System.out.printf("first turn TTFT p50 %s ms, next turn TTFT p50 %s ms, ratio p50 %s (max %s)%n",
                    ReportTable.fixed(report.firstTurnTtftMillis().p50(), 1),
                    ReportTable.fixed(report.nextTurnTtftMillis().p50(), 1), ReportTable.fixed(report.ttftRatio().p50(), 3),
                    ReportTable.fixed(report.ttftRatio().max(), 3));
            report.errorMessages().forEach((message, count) -> System.out.println(count + " x " + message));
            if (json != null) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("url", connection.client().base().toString());
                out.put("api", connection.client().api().label());
                out.put("model", model);
                out.put("report", report);
                BenchJson.write(json, out);
            }
            return report.errors() == 0 ? 0 : 1;
        }
    }
}
