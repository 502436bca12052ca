package dev.helix.benchmarks.suite;

import dev.helix.benchmarks.ModelFiles;
import dev.helix.runtime.gguf.GgmlType;
import dev.helix.server.bench.RunReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * llama.cpp threads per model size, on the binding itself (no HTTP, so only the threads differ): decode tokens/s of
 * one stream and aggregate tokens/s of four, for 1 and 2 threads, on each preset. What Helix's default thread count
 * should be is read off this table.
 */
final class ThreadsScenario {
    record Row(String model, long fileBytes, int threads, double decodeTokensPerSecond, double ttftMillis,
               double aggregate1, double aggregate4, double cpuCores4) {}

    record Result(List<Row> rows) {}

    private ThreadsScenario() {}

    static Result run(ModelFiles models, Direct direct, Plan plan, int contextPerSlot, int parallel,
                      List<Path> extra) throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(models.get(ModelFiles.Preset.SMALL_15M, GgmlType.F16));
        files.add(models.get(ModelFiles.Preset.MEDIUM_60M, GgmlType.F16));
        if (plan.sweepLarge()) {
            files.add(models.get(ModelFiles.Preset.LARGE_150M, GgmlType.F16));
            files.add(models.get(ModelFiles.Preset.LARGE_150M, GgmlType.Q8_0));
        }
        files.addAll(extra);
        int cores = Runtime.getRuntime().availableProcessors();
        List<Row> rows = new ArrayList<>();
        for (Path file : files) {
            for (int threads : cores > 2 ? List.of(1, 2, cores) : List.of(1, 2)) {
                String name = file.getFileName().toString().replace(".gguf", "");
                List<RunReport> r = direct.load("threads-" + name + "-t" + threads, name, file,
                        new Direct.Settings(threads, parallel, contextPerSlot, true), List.of(1, 4),
                        2, 20_000, plan.maxTokens());
                RunReport one = r.get(0);
                RunReport four = r.get(1);
                double cpu = four.memory() == null ? Double.NaN : four.memory().serverCpuSeconds() / four.wallSeconds();
                rows.add(new Row(name, file.toFile().length(), threads, one.decodeTokensPerSecond().p50(),
                        one.ttftMillis().p50(), one.aggregateTokensPerSecond(), four.aggregateTokensPerSecond(), cpu));
            }
        }
        return new Result(rows);
    }
}
