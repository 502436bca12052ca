package dev.helix.benchmarks.suite;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.benchmarks.DirectBaseline;
import dev.helix.benchmarks.load.BenchJson;
import dev.helix.benchmarks.load.ChatScenario;
import dev.helix.benchmarks.load.RunReport;
import dev.helix.benchmarks.load.StreamResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Runs {@link DirectBaseline} in a child JVM with Helix's load options and reads its figures back. */
final class Direct {
    /** The load options both Helix and the baseline use. */
    record Settings(int threads, int parallel, int contextPerSlot) {}

    private static final ObjectMapper JSON = BenchJson.mapper();
    private final ChildJava children;
    private final Path folder;
    private int runs;

    Direct(ChildJava children, Path folder) {
        this.children = children;
        this.folder = folder;
    }

    /** One load measurement per concurrency level, in one process (the model loaded once). */
    List<RunReport> load(String name, String modelName, Path model, Settings settings, List<Integer> concurrency,
                         int perClient, int firstIndex, int maxTokens) {
        Path out = folder.resolve("direct-" + (++runs) + ".json");
        List<String> args = new ArrayList<>(common(modelName, model, settings));
        args.addAll(List.of("--concurrency", concurrency.stream().map(String::valueOf).collect(Collectors.joining(",")),
                "--requests", Integer.toString(perClient), "--first-index", Integer.toString(firstIndex),
                "--max-tokens", Integer.toString(maxTokens), "--json", out.toString()));
        children.run(name, DirectBaseline.class.getName(), args, Duration.ofMinutes(10));
        try {
            JsonNode tree = JSON.readTree(out.toFile());
            List<RunReport> reports = new ArrayList<>();
            for (int i = 0; i < tree.get("reports").size(); i++) {
                RunReport r = JSON.treeToValue(tree.get("reports").get(i), RunReport.class);
                List<StreamResult> results = JSON.convertValue(tree.get("results").get(i),
                        new TypeReference<List<StreamResult>>() { });
                reports.add(RunReport.of(r.label(), r.concurrency(), results, Math.round(r.wallSeconds() * 1e9),
                        r.memory()));
            }
            return reports;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + out, e);
        }
    }

    /** The multi-turn chat scenario on the binding itself. */
    ChatScenario.Report chat(String name, String modelName, Path model, Settings settings, int conversations,
                             int historyTokens, int maxTokens) {
        Path out = folder.resolve("direct-" + (++runs) + ".json");
        List<String> args = new ArrayList<>(common(modelName, model, settings));
        args.addAll(List.of("--chat", Integer.toString(conversations), "--history-tokens",
                Integer.toString(historyTokens), "--max-tokens", Integer.toString(maxTokens), "--json", out.toString()));
        children.run(name, DirectBaseline.class.getName(), args, Duration.ofMinutes(10));
        try {
            return JSON.treeToValue(JSON.readTree(out.toFile()).get("chat"), ChatScenario.Report.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + out, e);
        }
    }

    static List<String> common(String modelName, Path model, Settings s) {
        List<String> args = new ArrayList<>(List.of("--model", model.toString(), "--name", modelName,
                "--threads", Integer.toString(s.threads()),
                "--parallel", Integer.toString(s.parallel()), "--context", Integer.toString(s.contextPerSlot())));
        return args;
    }
}
