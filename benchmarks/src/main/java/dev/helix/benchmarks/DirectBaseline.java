package dev.helix.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.args.LogFormat;
import dev.helix.benchmarks.load.BenchJson;
import dev.helix.benchmarks.load.ChatScenario;
import dev.helix.benchmarks.load.LoadRunner;
import dev.helix.benchmarks.load.LoadSpec;
import dev.helix.benchmarks.load.ProcessSampler;
import dev.helix.benchmarks.load.Prompts;
import dev.helix.benchmarks.load.ReportTable;
import dev.helix.benchmarks.load.RunReport;
import dev.helix.benchmarks.load.StreamRequest;
import dev.helix.benchmarks.load.StreamResult;
import dev.helix.provider.ChatMessage;
import dev.helix.runtime.ModelLoadOptions;
import dev.helix.runtime.llamacpp.LlamaCppProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The binding's own speed: {@code LlamaModel.generate} in this process, no HTTP, no runner, with the load options
 * Helix passes (context per slot x slots, threads, batch sizes, Jinja templates, no context shift) and the same
 * requests the load tool sends (same prompts through the model's chat template, greedy, same seed and max tokens).
 * Time to first token counts from applying the chat template to the first non-empty piece of text.
 *
 * <p>Run it as its own process: the binding's library is unpacked into a private folder, and a JVM that created a
 * model only ends through {@code System.exit}.
 */
@Command(name = "direct-baseline", mixinStandardHelpOptions = true,
        description = "LlamaModel.generate in-process with Helix's load options: the speed Helix is compared with.")
public final class DirectBaseline implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--model", required = true, description = "The .gguf file.")
    Path model;

    @Option(names = "--name", defaultValue = "model", description = "The model name requests carry (unused here).")
    String name;

    @Option(names = "--threads", defaultValue = "1", description = "llama.cpp threads (generation and batch).")
    int threads;

    @Option(names = "--parallel", defaultValue = "4", description = "KV cache slots.")
    int parallel;

    @Option(names = "--context", defaultValue = "2048", description = "Context per slot, in tokens.")
    int context;

    @Option(names = "--batch", defaultValue = "512", description = "Logical batch size (micro-batch: at most 512).")
    int batch;


    @Option(names = {"-c", "--concurrency"}, defaultValue = "1", split = ",",
            description = "Requests generated at once; a list (1,4) runs one measurement per level, in order.")
    List<Integer> concurrency;

    @Option(names = {"-n", "--requests"}, defaultValue = "8", description = "Requests to measure per client.")
    int requestsPerClient;

    @Option(names = "--first-index", defaultValue = "0",
            description = "Prompt index of the first measured request; each concurrency level continues after the last.")
    int firstIndex;

    @Option(names = "--warmup", defaultValue = "1", description = "Requests per client first, not counted.")
    int warmup;

    @Option(names = "--max-tokens", defaultValue = "64", description = "Tokens per answer at most.")
    int maxTokens;

    @Option(names = "--seed", defaultValue = "42", description = "Sampling seed.")
    long seed;

    @Option(names = "--chat", description = "Run the multi-turn chat scenario with this many conversations instead.")
    Integer chatConversations;

    @Option(names = "--history-tokens", defaultValue = "1000", description = "With --chat: tokens of history.")
    int historyTokens;

    @Option(names = "--json", description = "Write the figures to this file as JSON.")
    Path json;

    @Option(names = "--serve", description = "Keep the model loaded and run the load commands read from standard "
            + "input, one per line: CONCURRENCY REQUESTS FIRST_INDEX MAX_TOKENS WARMUP OUTPUT.json (the figures are "
            + "written to OUTPUT.json, whole, when done). For interleaving with other measurements request by request.")
    boolean serve;

    private LlamaModel llama;

    public static void main(String[] args) {
        System.exit(new CommandLine(new DirectBaseline()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        if (System.getProperty("de.kherud.llama.tmpdir") == null) {
            Path dir = Files.createTempDirectory("helix-direct-");
            dir.toFile().deleteOnExit();
            System.setProperty("de.kherud.llama.tmpdir", dir.toString());
        }
        LlamaModel.setLogger(LogFormat.TEXT, (level, message) -> { });
        long loadStart = System.nanoTime();
        llama = new LlamaModel(parameters());
        long loadNanos = System.nanoTime() - loadStart;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", model.toString());
        out.put("threads", threads);
        out.put("parallel", parallel);
        out.put("context", context);
        out.put("load_millis", loadNanos / 1e6);
        if (serve) {
            serve(out);
            return 0;
        }
        if (chatConversations != null) {
            send(StreamRequest.greedy(name, Prompts.story(-1), 1, seed));
            var report = new ChatScenario(name, chatConversations, historyTokens, maxTokens, seed).run(this::send);
            System.out.printf("chat: first turn TTFT p50 %s ms, next turn %s ms, ratio p50 %s%n",
                    ReportTable.fixed(report.firstTurnTtftMillis().p50(), 1),
                    ReportTable.fixed(report.nextTurnTtftMillis().p50(), 1), ReportTable.fixed(report.ttftRatio().p50(), 3));
            out.put("chat", report);
        } else {
            List<RunReport> reports = new java.util.ArrayList<>();
            try (var sampler = new ProcessSampler(ProcessHandle.current().pid(), Duration.ofMillis(100))) {
                int from = firstIndex; // each level gets prompts of its own, so none is answered from another's cache
                for (int clients : concurrency) {
                    int first = from;
                    var spec = new LoadSpec("direct x" + clients, clients, clients * requestsPerClient,
                            warmup * clients, i -> StreamRequest.greedy(name,
                            Prompts.story(i >= LoadSpec.WARMUP_BASE ? i : first + i), maxTokens, seed));
                    reports.add(LoadRunner.run(spec, this::send, sampler, Thread.ofPlatform().daemon()));
                    from += clients * requestsPerClient;
                }
            }
            System.out.print(ReportTable.render(reports));
            out.put("reports", reports);
            out.put("results", reports.stream().map(RunReport::results).toList());
        }
        if (json != null) {
            BenchJson.write(json, out);
        }
        return 0;
    }

    /** Runs load commands from standard input until it ends; each result file appears complete (written, then moved). */
    private void serve(Map<String, Object> settings) throws IOException {
        var in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8));
        try (var sampler = new ProcessSampler(ProcessHandle.current().pid(), Duration.ofMillis(100))) {
            for (String line; (line = in.readLine()) != null; ) {
                String[] f = line.strip().split(" ");
                if (f.length != 6) {
                    continue;
                }
                int clients = Integer.parseInt(f[0]);
                int first = Integer.parseInt(f[2]);
                int tokens = Integer.parseInt(f[3]);
                var spec = new LoadSpec("direct x" + clients, clients, Integer.parseInt(f[1]), Integer.parseInt(f[4]),
                        i -> StreamRequest.greedy(name, Prompts.story(i >= LoadSpec.WARMUP_BASE ? i : first + i),
                                tokens, seed));
                RunReport report = LoadRunner.run(spec, this::send, sampler, Thread.ofPlatform().daemon());
                Map<String, Object> out = new LinkedHashMap<>(settings);
                out.put("reports", List.of(report));
                out.put("results", List.of(report.results()));
                Path target = Path.of(f[5]);
                Path partial = target.resolveSibling(target.getFileName() + ".partial");
                BenchJson.write(partial, out);
                Files.move(partial, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }

    /** Exactly the flags Helix's runner passes for these options, from the runtime itself. */
    private ModelParameters parameters() {
        return LlamaCppProvider.nativeParameters(model, new ModelLoadOptions(context, threads, batch, 0, true, parallel,
                false));
    }

    /** One request, timed like the HTTP client times one: from asking to the first and last pieces of text. */
    StreamResult send(StreamRequest request) {
        long start = System.nanoTime();
        String prompt = llama.applyTemplate(template(request.messages()));
        var parameters = new InferenceParameters(prompt).setNPredict(request.maxTokens()).setCachePrompt(true)
                .setTemperature((float) request.temperature()).setSeed((int) (request.seed() & 0x7FFF_FFFFL));
        LlamaIterator it = llama.generate(parameters).iterator();
        var text = new StringBuilder();
        long first = 0;
        long last = 0;
        int tokens = 0;
        try {
            while (it.hasNext()) {
                LlamaOutput output = it.next();
                if (!output.text.isEmpty()) {
                    last = System.nanoTime() - start;
                    if (tokens++ == 0) {
                        first = last;
                    }
                    text.append(output.text);
                }
            }
        } catch (RuntimeException e) {
            it.cancel();
            return StreamResult.failed(e.getMessage(), System.nanoTime() - start);
        }
        long total = System.nanoTime() - start;
        return new StreamResult(true, null, first, last, total, tokens, llama.encode(prompt).length, tokens,
                text.toString());
    }

    private static String template(List<ChatMessage> messages) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode array = body.putArray("messages");
        for (ChatMessage m : messages) {
            array.addObject().put("role", m.role().wireName()).put("content", m.content());
        }
        body.put("add_generation_prompt", true);
        return body.toString();
    }
}
