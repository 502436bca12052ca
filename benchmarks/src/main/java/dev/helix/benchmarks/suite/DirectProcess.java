package dev.helix.benchmarks.suite;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.benchmarks.DirectBaseline;
import dev.helix.benchmarks.load.BenchJson;
import dev.helix.benchmarks.load.RunReport;
import dev.helix.benchmarks.load.StreamResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link DirectBaseline} kept running with its model loaded ({@code --serve}), so that its measurements can be
 * interleaved with Helix's request by request: each {@link #run} sends one command and waits for its result file.
 */
final class DirectProcess implements AutoCloseable {
    private static final ObjectMapper JSON = BenchJson.mapper();
    private static final long TIMEOUT_NANOS = TimeUnit.MINUTES.toNanos(10);

    private final Process process;
    private final Writer commands;
    private final Path folder;
    private final Path log;
    private int runs;

    private DirectProcess(Process process, Path folder, Path log) {
        this.process = process;
        this.commands = process.outputWriter(StandardCharsets.UTF_8);
        this.folder = folder;
        this.log = log;
    }

    static DirectProcess start(String classpath, String modelName, Path model, Direct.Settings settings, Path folder,
                               Path log) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", classpath, DirectBaseline.class.getName(), "--serve"));
        command.addAll(Direct.common(modelName, model, settings));
        try {
            Files.createDirectories(folder);
            Files.createDirectories(log.getParent());
            return new DirectProcess(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start(), folder, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the direct baseline", e);
        }
    }

    Path log() {
        return log;
    }

    /** Runs {@code requests} requests, {@code concurrency} at a time, prompts from {@code firstIndex}. */
    RunReport run(int concurrency, int requests, int firstIndex, int maxTokens, int warmup) {
        Path out = folder.resolve("direct-serve-" + process.pid() + "-" + (++runs) + ".json");
        try {
            commands.write(concurrency + " " + requests + " " + firstIndex + " " + maxTokens + " " + warmup + " "
                    + out.toAbsolutePath() + "\n");
            commands.flush();
            long deadline = System.nanoTime() + TIMEOUT_NANOS;
            while (!Files.exists(out)) {
                if (!process.isAlive() || System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("the direct baseline " + (process.isAlive() ? "did not answer"
                            : "exited") + "; see " + log);
                }
                Thread.sleep(2);
            }
            JsonNode tree = JSON.readTree(out.toFile());
            RunReport r = JSON.treeToValue(tree.get("reports").get(0), RunReport.class);
            List<StreamResult> results = JSON.convertValue(tree.get("results").get(0),
                    new TypeReference<List<StreamResult>>() { });
            return RunReport.of(r.label(), r.concurrency(), results, Math.round(r.wallSeconds() * 1e9), r.memory());
        } catch (IOException e) {
            throw new UncheckedIOException("the direct baseline failed; see " + log, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            commands.close();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException | InterruptedException e) {
            process.destroyForcibly();
        }
    }
}
