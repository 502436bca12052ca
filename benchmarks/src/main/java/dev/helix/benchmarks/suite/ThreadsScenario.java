package dev.helix.benchmarks.suite;

import dev.helix.benchmarks.ModelFiles;
import dev.helix.benchmarks.load.Distribution;
import dev.helix.benchmarks.load.RunReport;
import dev.helix.runtime.gguf.GgmlType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * llama.cpp threads per model size, on the binding itself (no HTTP, so only the threads differ). For each model one
 * baseline process per thread count stays loaded, and their measurements alternate unit by unit (one stream, then
 * four): each thread count's decode speed and time to first token are compared with one thread's on the same
 * prompts, seconds apart. What Helix's default thread count should be is read off this table.
 */
final class ThreadsScenario {
    /**
     * @param decodeVsOne per unit: this thread count's one-stream decode tok/s over one thread's (1.0 for one thread)
     * @param ttftVsOne   per unit: this thread count's time to first token over one thread's
     */
    record Row(String model, long fileBytes, int threads, double decodeTokensPerSecond, double ttftMillis,
               double aggregate1, double aggregate4, double cpuCores4, Distribution decodeVsOne,
               Distribution ttftVsOne) {}

    record Result(List<Row> rows) {}

    private ThreadsScenario() {}

    static Result run(ModelFiles models, String classpath, Path folder, Plan plan, int contextPerSlot, int parallel,
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
        List<Integer> counts = cores > 2 ? List.of(1, 2, cores) : List.of(1, 2);
        List<Row> rows = new ArrayList<>();
        for (Path file : files) {
            rows.addAll(model(file, counts, classpath, folder, plan, contextPerSlot, parallel));
        }
        return new Result(rows);
    }

    private static List<Row> model(Path file, List<Integer> counts, String classpath, Path folder, Plan plan,
                                   int contextPerSlot, int parallel) {
        String name = file.getFileName().toString().replace(".gguf", "");
        Map<Integer, DirectProcess> processes = new LinkedHashMap<>();
        Map<Integer, List<RunReport>> one = new LinkedHashMap<>();
        Map<Integer, List<RunReport>> four = new LinkedHashMap<>();
        try {
            for (int t : counts) {
                processes.put(t, DirectProcess.start(classpath, name, file, new Direct.Settings(t, parallel,
                        contextPerSlot), folder.resolve("json"), folder.resolve("logs/threads-" + name + "-t" + t
                        + ".log")));
            }
            for (int t : counts) {
                processes.get(t).run(1, 1, 900_000, plan.maxTokens(), 1); // load finished, warm
            }
            for (int u = 0; u < plan.sweepUnits(); u++) {
                int first = 20_000 + u * 5;
                for (int k = 0; k < counts.size(); k++) {
                    int t = counts.get((u + k) % counts.size());
                    one.computeIfAbsent(t, x -> new ArrayList<>()).add(processes.get(t).run(1, 1, first,
                            plan.maxTokens(), 0));
                }
                for (int k = 0; k < counts.size(); k++) {
                    int t = counts.get((u + k + 1) % counts.size());
                    four.computeIfAbsent(t, x -> new ArrayList<>()).add(processes.get(t).run(4, 4, first + 1,
                            plan.maxTokens(), 0));
                }
            }
        } finally {
            processes.values().forEach(DirectProcess::close);
        }
        List<Double> decodeOne = figure(one.get(counts.get(0)), true);
        List<Double> ttftOne = figure(one.get(counts.get(0)), false);
        List<Row> rows = new ArrayList<>();
        for (int t : counts) {
            Pooled p1 = Pooled.of(name + " t" + t + " x1", one.get(t));
            Pooled p4 = Pooled.of(name + " t" + t + " x4", four.get(t));
            rows.add(new Row(name, file.toFile().length(), t, p1.decodeTokensPerSecond().p50(), p1.ttftMillis().p50(),
                    p1.aggregateTokensPerSecond(), p4.aggregateTokensPerSecond(), p4.cpuCores(),
                    Pooled.ratios(figure(one.get(t), true), decodeOne),
                    Pooled.ratios(figure(one.get(t), false), ttftOne)));
        }
        return rows;
    }

    private static List<Double> figure(List<RunReport> runs, boolean decode) {
        return runs.stream().map(r -> decode ? r.decodeTokensPerSecond().p50() : r.ttftMillis().p50()).toList();
    }
}
