package dev.helix.benchmarks.suite;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.benchmarks.load.BenchJson;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The JMH suite of this jar (hot paths without a model), run in its own JVM, its JSON read back. */
final class JmhScenario {
    record Row(String benchmark, String params, double score, double error, String unit) {}

    record Result(List<Row> rows) {}

    private JmhScenario() {}

    static Result run(ChildJava children, Path out, List<String> extraArgs) throws IOException {
        java.nio.file.Files.createDirectories(out.toAbsolutePath().getParent()); // JMH will not create it
        List<String> args = new ArrayList<>(List.of("-rf", "json", "-rff", out.toString()));
        args.addAll(extraArgs);
        children.run("jmh", "org.openjdk.jmh.Main", args, Duration.ofMinutes(10));
        List<Row> rows = new ArrayList<>();
        for (JsonNode b : BenchJson.mapper().readTree(out.toFile())) {
            String name = b.path("benchmark").asText();
            name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
            var params = new StringBuilder();
            for (Iterator<Map.Entry<String, JsonNode>> it = b.path("params").fields(); it.hasNext(); ) {
                var e = it.next();
                params.append(params.isEmpty() ? "" : ", ").append(e.getKey()).append('=').append(e.getValue().asText());
            }
            JsonNode metric = b.path("primaryMetric");
            rows.add(new Row(name, params.toString(), metric.path("score").asDouble(Double.NaN),
                    metric.path("scoreError").asDouble(Double.NaN), metric.path("scoreUnit").asText()));
        }
        return new Result(rows);
    }
}
