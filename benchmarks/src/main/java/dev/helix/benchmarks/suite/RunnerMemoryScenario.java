package dev.helix.benchmarks.suite;

import dev.helix.benchmarks.load.ProcFs;
import dev.helix.runtime.gguf.GgufMetadata;
import dev.helix.runtime.gguf.GgufReader;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * A loaded runner's memory against what it must hold (the model file, mapped, and the KV cache of every slot) plus
 * the 150 MB allowance; then an unload, after which the runner process must be gone.
 *
 * @param kvBytes the F16 KV cache llama.cpp allocates: 2 (K and V) x layers x KV heads x head size x 2 bytes per
 *                token of context, for context per slot x slots
 */
final class RunnerMemoryScenario {
    static final long ALLOWANCE_BYTES = 150L << 20;

    /**
     * @param computeBufferMib llama.cpp's compute buffer for this model and batch, from the baseline's log (NaN if
     *                         it was not found): memory a runner holds besides the weights and the KV cache
     */
    record Result(long fileBytes, long kvBytes, long runnerRssKb, long runnerHwmKb, long limitKb, boolean runnerGone,
                  double unloadMillis, long serverRssAfterUnloadKb, int processesAfterUnload, double computeBufferMib) {

        Result withComputeBuffer(double mib) {
            return new Result(fileBytes, kvBytes, runnerRssKb, runnerHwmKb, limitKb, runnerGone, unloadMillis,
                    serverRssAfterUnloadKb, processesAfterUnload, mib);
        }
    }

    private static final java.util.regex.Pattern COMPUTE_BUFFER =
            java.util.regex.Pattern.compile("CPU compute buffer size =\\s*([0-9.]+) MiB");

    /** The compute buffer llama.cpp reported in a log of the same model and options, or NaN. */
    static double computeBufferMib(Path log) {
        try {
            var m = COMPUTE_BUFFER.matcher(java.nio.file.Files.readString(log));
            return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
        } catch (java.io.IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private RunnerMemoryScenario() {}

    static long kvBytes(Path model, int contextPerSlot, int parallel) {
        GgufMetadata m = GgufReader.read(model);
        long kvHeads = m.headCountKv() > 0 ? m.headCountKv() : m.headCount();
        long perToken = 2L * m.blockCount() * kvHeads * (m.embeddingLength() / m.headCount()) * Short.BYTES;
        return perToken * contextPerSlot * parallel;
    }

    /** Reads the loaded runner (the only child of the server), then unloads {@code model} and checks it ended. */
    static Result run(HelixUnderTest helix, String model, Path file, int contextPerSlot, int parallel)
            throws InterruptedException {
        long fileBytes = file.toFile().length();
        long kv = kvBytes(file, contextPerSlot, parallel);
        OptionalLong runner = helix.runnerPid();
        if (runner.isEmpty()) {
            throw new IllegalStateException("expected exactly one runner process under the server");
        }
        var status = ProcFs.status(runner.getAsLong()).orElseThrow();
        long start = System.nanoTime();
        helix.unload(model);
        double unloadMillis = (System.nanoTime() - start) / 1e6;
        boolean gone = ProcessHandle.of(runner.getAsLong()).map(h -> !h.isAlive()).orElse(true);
        Thread.sleep(500);
        var server = ProcFs.status(helix.pid()).orElseThrow();
        return new Result(fileBytes, kv, status.rssKb(), status.hwmKb(), (fileBytes + kv + ALLOWANCE_BYTES) / 1024,
                gone, unloadMillis, server.rssKb(), ProcFs.descendants(helix.pid()).size(), Double.NaN);
    }
}
