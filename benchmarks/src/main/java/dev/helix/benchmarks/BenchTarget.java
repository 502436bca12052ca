package dev.helix.benchmarks;

import dev.helix.benchmarks.load.Api;
import dev.helix.benchmarks.load.HelixProcess;
import dev.helix.benchmarks.load.ProcFs;
import dev.helix.benchmarks.load.ProcessSampler;
import dev.helix.benchmarks.load.StreamClient;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import picocli.CommandLine.Option;

/** The server a benchmark runs against, shared by the bench commands: found by URL, or started here. */
final class BenchTarget {
    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:11434",
            description = "Base URL of the server: Helix, llama-server, Ollama, vLLM (default ${DEFAULT-VALUE}).")
    URI url;

    @Option(names = "--api", paramLabel = "API", defaultValue = "openai",
            description = "openai (/v1/chat/completions, SSE) or ollama (/api/chat, NDJSON); default ${DEFAULT-VALUE}.")
    String api;

    @Option(names = {"-m", "--model"}, paramLabel = "MODEL", description = "Model name to request (required).")
    String model;

    @Option(names = "--server-pid", paramLabel = "PID",
            description = "Process whose memory (with its children's) to watch; default: the one listening on the "
                    + "URL's port, when it is on this machine.")
    Long serverPid;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "Longest wait for an answer to start (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--spawn", description = "Start Helix from this jar on a free port for the run (with --config "
            + "and --models-dir), and stop it afterwards.")
    boolean spawn;

    @Option(names = "--config", paramLabel = "FILE", description = "With --spawn: the models.yaml it serves.")
    Path config;

    @Option(names = "--models-dir", paramLabel = "DIR", description = "With --spawn: the models folder it serves.")
    Path modelsDir;

    /** An open connection to the server under test, and what watches it. */
    record Connection(StreamClient client, ProcessSampler sampler, HelixProcess spawned, String model)
            implements AutoCloseable {
        @Override
        public void close() {
            client.close();
            if (sampler != null) {
                sampler.close();
            }
            if (spawned != null) {
                spawned.close();
            }
        }
    }

    Api api() {
        try {
            return Api.valueOf(api.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BenchException("--api must be openai or ollama, not \"" + api + "\"");
        }
    }

    Connection open() {
        if (model == null || model.isBlank()) {
            throw new BenchException("give the model to request: --model NAME");
        }
        Api protocol = api();
        HelixProcess spawned = null;
        URI base = url;
        if (spawn) {
            List<String> args = new ArrayList<>();
            if (config != null) {
                args.addAll(List.of("--config", config.toString()));
            }
            if (modelsDir != null) {
                args.addAll(List.of("--models-dir", modelsDir.toString()));
            }
            try {
                Path log = Files.createTempFile("helix-bench-serve-", ".log");
                spawned = HelixProcess.start(HelixProcess.thisClassPath(), args, log, Duration.ofSeconds(60));
            } catch (java.io.IOException e) {
                throw new BenchException("cannot create a log file: " + e.getMessage());
            } catch (IllegalStateException e) {
                throw new BenchException(e.getMessage());
            }
            base = spawned.url();
        }
        Long pid = spawned != null ? Long.valueOf(spawned.pid()) : serverPid != null ? serverPid : localOwner(base);
        ProcessSampler sampler = pid == null ? null : new ProcessSampler(pid, Duration.ofMillis(100));
        return new Connection(new StreamClient(base, protocol, Duration.ofSeconds(timeoutSeconds)), sampler, spawned,
                model);
    }

    /** The process listening on the URL's port, if the URL is this machine. */
    private static Long localOwner(URI base) {
        try {
            if (base.getHost() == null || !InetAddress.getByName(base.getHost()).isLoopbackAddress()) {
                return null;
            }
        } catch (UnknownHostException e) {
            return null;
        }
        int port = base.getPort() > 0 ? base.getPort() : "https".equals(base.getScheme()) ? 443 : 80;
        OptionalLong pid = ProcFs.listeningPid(port);
        return pid.isPresent() ? pid.getAsLong() : null;
    }
}
