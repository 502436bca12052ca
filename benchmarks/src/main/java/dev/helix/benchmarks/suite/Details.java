package dev.helix.benchmarks.suite;

import static dev.helix.benchmarks.suite.Md.f;
import static dev.helix.benchmarks.suite.Md.header;
import static dev.helix.benchmarks.suite.Md.mb;
import static dev.helix.benchmarks.suite.Md.row;
import static dev.helix.benchmarks.suite.Md.x;

import dev.helix.benchmarks.load.ChatScenario;
import dev.helix.benchmarks.load.Distribution;
import java.util.List;

/** The tables behind the targets. */
final class Details {
    private Details() {}

    static void render(StringBuilder out, Results r) {
        out.append("## Details\n\n");
        oneStream(out, r);
        fourStreams(out, r);
        chat(out, r);
        proxy(out, r);
        runner(out, r);
        leak(out, r);
        threads(out, r);
        jmh(out, r);
        external(out);
    }

    private static void pooledTable(StringBuilder out, List<Pooled> sides) {
        header(out, "side", "requests", "errors", "TTFT p50 ms", "p90", "p99", "decode tok/s p50", "p25–p75",
                "aggregate tok/s", "CPU cores");
        for (Pooled p : sides) {
            var d = p.decodeTokensPerSecond();
            row(out, p.label(), p.requests(), p.errors(), f(p.ttftMillis().p50(), 1), f(p.ttftMillis().p90(), 1),
                    f(p.ttftMillis().p99(), 1), f(d.p50(), 1), f(d.p25(), 1) + "–" + f(d.p75(), 1),
                    f(p.aggregateTokensPerSecond(), 1), f(p.cpuCores(), 2));
        }
        out.append('\n');
    }

    private static void pairedTable(StringBuilder out, String what, List<String> labels, List<Distribution> ds,
                                    int digits) {
        header(out, what, "pairs", "p50", "p25", "p75", "min", "max");
        for (int i = 0; i < labels.size(); i++) {
            var d = ds.get(i);
            row(out, labels.get(i), d.count(), f(d.p50(), digits), f(d.p25(), digits), f(d.p75(), digits),
                    f(d.min(), digits), f(d.max(), digits));
        }
        out.append('\n');
    }

    private static void oneStream(StringBuilder out, Results r) {
        var o = r.overhead();
        if (o == null) {
            return;
        }
        out.append("### One stream: Helix beside the binding\n\n");
        out.append("Model load through Helix (runner start included): ").append(f(r.helixLoadMillis(), 0))
                .append(" ms. Greedy answers identical from Helix and the baseline for ").append(o.sameOutputs()).append(" of ")
                .append(o.comparedOutputs()).append(" prompts.\n\n");
        pooledTable(out, List.of(o.direct(), o.openai(), o.ollama()));
        pairedTable(out, "paired, per prompt", List.of("decode: OpenAI / baseline", "decode: Ollama / baseline",
                "TTFT ms: OpenAI − baseline", "TTFT ms: Ollama − baseline"), List.of(o.decodeRatioOpenai(),
                o.decodeRatioOllama(), o.addedTtftOpenai(), o.addedTtftOllama()), 2);
    }

    private static void fourStreams(StringBuilder out, Results r) {
        var c = r.concurrency();
        if (c == null) {
            return;
        }
        out.append("### Four streams against one\n\n");
        pooledTable(out, List.of(c.helix1(), c.helix4(), c.direct1(), c.direct4()));
        pairedTable(out, "paired, per unit", List.of("aggregate: Helix 4 / 1", "aggregate: binding 4 / 1",
                "decode phase: Helix 4 / 1", "decode phase: binding 4 / 1"), List.of(c.helixRatio(), c.directRatio(),
                c.helixDecodeRatio(), c.directDecodeRatio()), 2);
        if (!c.helix4Errors().isEmpty()) {
            out.append("Errors at four streams: ").append(c.helix4Errors()).append("\n\n");
        }
    }

    private static void chat(StringBuilder out, Results r) {
        if (r.helixChat() == null && r.directChat() == null) {
            return;
        }
        out.append("### Multi-turn chat\n\n");
        out.append("Each conversation: a system message, about ").append(r.plan().historyTokens())
                .append(" tokens of user/assistant history, a question; then the same plus the answer and one more "
                        + "question. All first turns go first, then all next turns. Answers of at most ")
                .append(r.plan().maxTokens()).append(" tokens.\n\n");
        header(out, "side", "conversations", "errors", "first turn TTFT p50 ms", "next turn TTFT p50 ms",
                "prompt tokens first / next", "ratio p50", "ratio worst");
        chatRow(out, "Helix", r.helixChat());
        chatRow(out, "binding", r.directChat());
        out.append('\n');
    }

    private static void chatRow(StringBuilder out, String side, ChatScenario.Report c) {
        if (c == null) {
            return;
        }
        row(out, side, c.conversations(), c.errors(), f(c.firstTurnTtftMillis().p50(), 1),
                f(c.nextTurnTtftMillis().p50(), 1), f(c.firstTurnPromptTokens().p50(), 0) + " / "
                        + f(c.nextTurnPromptTokens().p50(), 0), x(c.ttftRatio().p50()), x(c.ttftRatio().max()));
    }

    private static void proxy(StringBuilder out, Results r) {
        proxy(out, r.proxy(), "### Helix in front of Helix");
        proxy(out, r.proxyShared(), "### Helix in front of Helix, every core to A's llama.cpp");
    }

    private static void proxy(StringBuilder out, ProxyScenario.Result p, String heading) {
        if (p == null) {
            return;
        }
        out.append(heading).append(" (").append(p.threads()).append(" llama.cpp thread(s) in A)\n\n");
        out.append("Measured ").append(p.measuredAt()).append(" in ").append(f(p.minutes(), 1))
                .append(" minutes, servers' start included (load average after: ").append(p.loadAverage())
                .append("). Greedy answers through B identical to A's own for ").append(p.sameOutputs()).append(" of ")
                .append(p.comparedOutputs()).append(" prompts.\n\n");
        header(out, "side", "requests", "errors", "TTFT p50 ms", "p90", "p99", "decode tok/s p50", "p25–p75");
        for (Pooled s : java.util.List.of(p.directOpenai(), p.proxyOpenai(), p.directOllama(), p.proxyOllama())) {
            var d = s.decodeTokensPerSecond();
            row(out, s.label(), s.requests(), s.errors(), f(s.ttftMillis().p50(), 2), f(s.ttftMillis().p90(), 2),
                    f(s.ttftMillis().p99(), 2), f(d.p50(), 1), f(d.p25(), 1) + "–" + f(d.p75(), 1));
        }
        out.append('\n');
        pairedTable(out, "paired, per prompt pair", List.of("TTFT ms: through B − A, OpenAI",
                "TTFT ms: through B − A, Ollama", "decode: through B / A, OpenAI", "decode: through B / A, Ollama"),
                List.of(p.addedTtftOpenai(), p.addedTtftOllama(), p.decodeRatioOpenai(), p.decodeRatioOllama()), 3);
    }

    private static void runner(StringBuilder out, Results r) {
        var m = r.runner();
        if (m == null) {
            return;
        }
        out.append("### Runner memory\n\n");
        header(out, "model file", "KV cache (F16, all slots)", "allowance", "limit", "runner VmHWM", "runner VmRSS",
                "llama.cpp compute buffer");
        row(out, mb(m.fileBytes() / 1024), mb(m.kvBytes() / 1024), "150 MB", mb(m.limitKb()), mb(m.runnerHwmKb()),
                mb(m.runnerRssKb()), f(m.computeBufferMib(), 0) + " MiB");
        out.append('\n');
    }

    private static void leak(StringBuilder out, Results r) {
        var l = r.leak();
        if (l == null) {
            return;
        }
        out.append("### Leak run\n\n");
        out.append("Tiny generated model, ").append(LeakScenario.MAX_TOKENS).append(" tokens per answer, ")
                .append(l.requests()).append(" requests, ").append(l.errors()).append(" errors")
                .append(l.errorMessages().isEmpty() ? "" : " " + l.errorMessages())
                .append(". Each reading is taken after the chunk's client closed, a full GC in the server and the "
                        + "runner (`jcmd GC.run`) and a pause.\n\n");
        header(out, "after", "requests", "server RSS", "threads", "files", "runner RSS", "threads", "files");
        for (var p : l.points()) {
            row(out, p.after(), p.requestsSoFar(), mb(p.serverRssKb()), p.serverThreads(), p.serverFiles(),
                    mb(p.runnerRssKb()), p.runnerThreads(), p.runnerFiles());
        }
        out.append('\n');
    }

    private static void threads(StringBuilder out, Results r) {
        var t = r.threads();
        if (t == null) {
            return;
        }
        out.append("### Threads per model size (the binding, in one process)\n\n");
        header(out, "model", "size", "threads", "decode tok/s (1 stream)", "vs 1 thread (paired p50, p25–p75)",
                "TTFT ms", "vs 1 thread", "aggregate 1 stream", "aggregate 4 streams", "4 / 1", "CPU cores at 4");
        for (var w : t.rows()) {
            row(out, w.model(), f(w.fileBytes() / 1e6, 0) + " MB", w.threads(), f(w.decodeTokensPerSecond(), 1),
                    x(w.decodeVsOne().p50()) + " (" + f(w.decodeVsOne().p25(), 2) + "–" + f(w.decodeVsOne().p75(), 2) + ")",
                    f(w.ttftMillis(), 1), x(w.ttftVsOne().p50()), f(w.aggregate1(), 1), f(w.aggregate4(), 1),
                    x(w.aggregate4() / w.aggregate1()), f(w.cpuCores4(), 2));
        }
        out.append("\nOne baseline process per thread count, loaded side by side; their measurements alternate, and "
                + "\"vs 1 thread\" compares the same prompts seconds apart.\n\n");
    }

    private static void jmh(StringBuilder out, Results r) {
        var j = r.jmh();
        if (j == null) {
            return;
        }
        out.append("### JMH: hot paths without a model\n\n");
        out.append("`java -jar benchmarks/target/benchmarks.jar` (one fork; average time per operation).\n\n");
        header(out, "benchmark", "parameters", "score", "error (99.9%)", "unit");
        for (var row : j.rows()) {
            row(out, row.benchmark(), row.params(), f(row.score(), 3), f(row.error(), 3), row.unit());
        }
        out.append('\n');
    }

    private static void external(StringBuilder out) {
        out.append("### Other servers\n\n");
        out.append("llama.cpp's `llama-server`, Ollama and vLLM are not installed on this machine and cannot be "
                + "downloaded here, so this run has no figures for them. The load tool speaks their APIs: start one "
                + "and run, for example, `java -cp benchmarks/target/benchmarks.jar dev.helix.benchmarks.Bench --url "
                + "http://127.0.0.1:8080 --api openai --model MODEL -c 4` (llama-server, vLLM) or `--api ollama` "
                + "(Ollama), with `--server-pid` or a local port for its memory; `Bench chat` runs the multi-turn "
                + "scenario against any of them.\n");
    }
}
