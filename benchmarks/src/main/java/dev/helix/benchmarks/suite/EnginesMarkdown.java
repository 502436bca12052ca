package dev.helix.benchmarks.suite;

import static dev.helix.benchmarks.suite.Md.f;
import static dev.helix.benchmarks.suite.Md.header;
import static dev.helix.benchmarks.suite.Md.row;
import static dev.helix.benchmarks.suite.Md.verdict;
import static dev.helix.benchmarks.suite.Md.x;

import dev.helix.benchmarks.load.Distribution;
import java.util.Locale;

/**
 * The engines scenario's section of RESULTS.md (also printed when it runs): issue 15's targets with the ratios
 * measured and a verdict each, the method, and each side's own figures.
 */
final class EnginesMarkdown {
    /** Helix (ffm, host-tuned library) over llama-server: decode, aggregate and prompt speed. */
    static final double LLAMA_SERVER_RATIO_TARGET = 0.95;
    /** Helix's short-prompt time to first token minus llama-server's, at most. */
    static final double LLAMA_SERVER_ADDED_TTFT_MS = 3;
    /** ffm over binding on the jar's library, every figure (time to first token as a speed). */
    static final double BINDING_RATIO_TARGET = 1.0;

    private EnginesMarkdown() {}

    static String section(EnginesScenario.Result e) {
        var out = new StringBuilder();
        render(out, e);
        return out.toString();
    }

    static void render(StringBuilder out, EnginesScenario.Result e) {
        if (e == null) {
            return;
        }
        out.append("## Helix against llama-server, engine ffm against the binding (issue 15)\n\n");
        out.append("Measured ").append(e.measuredAt()).append(" in ").append(f(e.minutes(), 1))
                .append(" minutes (load average after it: ").append(e.loadAverage()).append("), medians of ")
                .append(e.rounds()).append(" rounds.\n\n");
        header(out, "target", "subject", "reference", "ratio", "result");
        if (e.llamaServer() != null) {
            var c = e.llamaServer();
            String t = "≥ " + x(LLAMA_SERVER_RATIO_TARGET);
            ratioRow(out, "helix ffm (host-tuned) vs llama-server: one-stream decode, tok/s " + t, c.subject().decode(),
                    c.reference().decode(), c.decodeRatio(), LLAMA_SERVER_RATIO_TARGET);
            ratioRow(out, "helix ffm (host-tuned) vs llama-server: four-stream aggregate, tok/s " + t,
                    c.subject().aggregate(), c.reference().aggregate(), c.aggregateRatio(), LLAMA_SERVER_RATIO_TARGET);
            ratioRow(out, "helix ffm (host-tuned) vs llama-server: prompt speed, tok/s " + t, c.subject().promptSpeed(),
                    c.reference().promptSpeed(), c.promptSpeedRatio(), LLAMA_SERVER_RATIO_TARGET);
            double added = c.addedTtftMillis();
            row(out, "helix ffm (host-tuned) vs llama-server: TTFT, short prompt, ms: ≤ +"
                            + f(LLAMA_SERVER_ADDED_TTFT_MS, 0) + " ms", f(c.subject().ttftShortMillis().p50(), 1),
                    f(c.reference().ttftShortMillis().p50(), 1), (added >= 0 ? "+" : "") + f(added, 1) + " ms",
                    Double.isNaN(added) ? "–" : verdict(added <= LLAMA_SERVER_ADDED_TTFT_MS));
        } else {
            row(out, "helix ffm (host-tuned) vs llama-server", "not run: " + e.llamaServerSkipped(), "", "", "");
        }
        if (e.binding() != null) {
            var c = e.binding();
            String t = "≥ " + x(BINDING_RATIO_TARGET);
            ratioRow(out, "ffm vs binding, jar's library: one-stream decode, tok/s " + t, c.subject().decode(),
                    c.reference().decode(), c.decodeRatio(), BINDING_RATIO_TARGET);
            ratioRow(out, "ffm vs binding, jar's library: four-stream aggregate, tok/s " + t, c.subject().aggregate(),
                    c.reference().aggregate(), c.aggregateRatio(), BINDING_RATIO_TARGET);
            ratioRow(out, "ffm vs binding, jar's library: prompt speed, tok/s " + t, c.subject().promptSpeed(),
                    c.reference().promptSpeed(), c.promptSpeedRatio(), BINDING_RATIO_TARGET);
            double ratio = c.ttftRatio();
            row(out, "ffm vs binding, jar's library: TTFT, short prompt, ms (binding's / ffm's) " + t,
                    f(c.subject().ttftShortMillis().p50(), 1), f(c.reference().ttftShortMillis().p50(), 1),
                    x(ratio) + " (" + signed(c.addedTtftMillis()) + " ms)",
                    Double.isNaN(ratio) ? "–" : verdict(ratio >= BINDING_RATIO_TARGET));
        }
        out.append('\n');
        method(out, e);
        details(out, e);
    }

    private static void ratioRow(StringBuilder out, String target, Distribution subject, Distribution reference,
                                 double ratio, double wanted) {
        row(out, target, f(subject.p50(), 1), f(reference.p50(), 1), x(ratio),
                Double.isNaN(ratio) ? "–" : verdict(ratio >= wanted));
    }

    private static String signed(double v) {
        return (v >= 0 ? "+" : "") + f(v, 1);
    }

    private static void method(StringBuilder out, EnginesScenario.Result e) {
        out.append("- **Model**: `").append(e.model()).append("`, a generated llama with random weights, F32, ")
                .append(f(e.modelBytes() / 1e6, 0)).append(" MB, ").append(String.format(Locale.ROOT,
                        "%,d", e.parameters())).append(" parameters (").append(e.shape()).append("); `Bench model "
                        + "50m FILE --type F32` (benchmarks.jar) writes it.\n");
        out.append("- **Same load settings on every side**: ").append(e.threads()).append(" threads for decode and "
                + "prompts, ").append(e.slots()).append(" slots of ").append(e.slotContext()).append(" tokens, batch ")
                .append(e.batch()).append(" in micro-batches of ").append(e.microBatch()).append(" (Helix's own on a "
                        + "CPU). Helix: `java -jar helix.jar serve` with a generated models.yaml, one runner process "
                        + "per model.\n");
        if (e.llamaServerCommand() != null) {
            out.append("- **(a)** Helix, model options `engine: ffm, native_dir: ").append(e.install())
                    .append("` (").append(e.installBuild()).append(", `native/build.sh`, host-tuned) against `")
                    .append(e.llamaServerCommand().replace(e.install(), "<install>")).append("` from the same "
                            + "install.\n");
        }
        out.append("- **OpenMP**: both llama.cpp builds run their threads as an OpenMP team, which spins at every "
                + "barrier; `OMP_WAIT_POLICY` ").append(e.ompWaitPolicy() == null || e.ompWaitPolicy().isEmpty()
                        ? "was unset (libgomp's default: spin a while, then sleep)"
                        : "was `" + e.ompWaitPolicy() + "`").append(" for every side. On cores shared with other "
                        + "work the spinning decides the figures; rerun with `OMP_WAIT_POLICY=passive` to tell "
                        + "contention from the engines.\n");
        out.append("- **(b)** One Helix serving the model twice: `engine: ffm, native_dir: bundled` and `engine: "
                + "binding`, both on the library in the jar (llama.cpp b4916).\n");
        out.append("- **Client**: the load tool's JDK HttpClient, OpenAI `/v1/chat/completions`, streamed; every side "
                + "gets the same bodies (the model name aside): the model's ChatML template applied by each server, "
                + "greedy (temperature 0), seed 42, `logit_bias` −100 on end of sequence and `<|im_end|>`, so every "
                + "answer runs to `max_tokens`. TTFT runs from sending the request to the first non-empty content "
                + "chunk. Each round: one stream on a short prompt, at most ").append(e.maxTokens())
                .append(" tokens (its TTFT; decode = (completion tokens − 1) / (last content − first content)); one "
                        + "stream on a ").append(e.historyWords()).append("-word chat history, at most ")
                .append(e.longMaxTokens()).append(" tokens (prompt speed = prompt tokens the server counted / TTFT); "
                        + "four streams at once on short prompts (aggregate = completion tokens / wall time, prompts "
                        + "included). Each unit runs on one side, then the other; which goes first alternates by "
                        + "round. Every request of a round has its own prompt, the same on both sides, so neither "
                        + "answers from its prompt cache. First ").append(e.warmup())
                .append(" warm-up requests to each side, then one uncounted round; figures are medians of ")
                .append(e.rounds()).append(" rounds, ratios are subject over reference of those medians.\n\n");
    }

    private static void details(StringBuilder out, EnginesScenario.Result e) {
        header(out, "side", "decode tok/s (p25-p75)", "4-stream aggregate tok/s", "prompt speed tok/s",
                "TTFT short ms", "TTFT long ms", "long prompt tokens", "short answer tokens", "errors");
        for (var c : new SideBySide.Comparison[] {e.llamaServer(), e.binding()}) {
            if (c == null) {
                continue;
            }
            for (var s : new SideBySide.Figures[] {c.subject(), c.reference()}) {
                row(out, s.label(), spread(s.decode()), spread(s.aggregate()), spread(s.promptSpeed()),
                        spread(s.ttftShortMillis()), spread(s.ttftLongMillis()), f(s.promptTokens().p50(), 0),
                        f(s.shortAnswers().p50(), 0), s.errors().isEmpty() ? "0" : s.errors().size() + ": "
                                + s.errors().getFirst());
            }
        }
        out.append('\n');
    }

    private static String spread(Distribution d) {
        return f(d.p50(), 1) + " (" + f(d.p25(), 1) + "-" + f(d.p75(), 1) + ")";
    }
}
