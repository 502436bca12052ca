package dev.helix.benchmarks.suite;

import static dev.helix.benchmarks.suite.Md.f;
import static dev.helix.benchmarks.suite.Md.header;
import static dev.helix.benchmarks.suite.Md.mb;
import static dev.helix.benchmarks.suite.Md.row;
import static dev.helix.benchmarks.suite.Md.verdict;
import static dev.helix.benchmarks.suite.Md.x;
import static dev.helix.benchmarks.suite.ResultsMarkdown.ADDED_TTFT_TARGET_MS;
import static dev.helix.benchmarks.suite.ResultsMarkdown.CHAT_TARGET;
import static dev.helix.benchmarks.suite.ResultsMarkdown.DECODE_TARGET;
import static dev.helix.benchmarks.suite.ResultsMarkdown.IDLE_RSS_TARGET_MB;
import static dev.helix.benchmarks.suite.ResultsMarkdown.PROXY_DECODE_TARGET;
import static dev.helix.benchmarks.suite.ResultsMarkdown.PROXY_TTFT_TARGET_MS;
import static dev.helix.benchmarks.suite.ResultsMarkdown.START_TARGET_MS;
import static dev.helix.benchmarks.suite.ResultsMarkdown.STREAMS_TARGET;

import java.util.ArrayList;
import java.util.List;

/** The targets, one row each, and what the run's own data says about every miss. */
final class Targets {
    private static final String NOT_RUN = "not run";
    private final Results r;
    private final List<String> notes = new ArrayList<>();
    private final List<String> leads = new ArrayList<>();

    Targets(Results r) {
        this.r = r;
    }

    void render(StringBuilder out) {
        out.append("## Targets\n\n");
        header(out, "target", "measured", "ratio / figure", "result");
        baseline(out);
        oneStream(out);
        fourStreams(out);
        chat(out);
        proxy(out);
        external(out);
        startup(out);
        runner(out);
        leak(out);
        threads(out);
        out.append('\n');
        if (!notes.isEmpty()) {
            out.append("### Why the misses miss, and what would close them\n\n");
            for (String n : notes) {
                out.append("- ").append(n).append('\n');
            }
            out.append('\n');
        }
        if (!leads.isEmpty()) {
            out.append("### Leads the figures give for tuning\n\n");
            for (String n : leads) {
                out.append("- ").append(n).append('\n');
            }
            out.append('\n');
        }
    }

    private void baseline(StringBuilder out) {
        var o = r.overhead();
        if (o == null) {
            row(out, "Direct baseline: `LlamaModel.generate` in one process, no HTTP", NOT_RUN, "", "");
            return;
        }
        row(out, "Direct baseline: `LlamaModel.generate` in one process, no HTTP",
                "decode " + f(o.direct().decodeTokensPerSecond().p50(), 1) + " tok/s, TTFT "
                        + f(o.direct().ttftMillis().p50(), 1) + " ms (p50 of " + o.direct().requests() + ")",
                "reference", "–");
    }

    private void oneStream(StringBuilder out) {
        var o = r.overhead();
        if (o == null) {
            row(out, "Helix full path, one stream: decode ≥ 0.97x the baseline", NOT_RUN, "", "");
            row(out, "Helix full path, one stream: added TTFT ≤ 3 ms at p50", NOT_RUN, "", "");
            return;
        }
        var ro = o.decodeRatioOpenai();
        var rn = o.decodeRatioOllama();
        boolean decodeOk = ro.p50() >= DECODE_TARGET && rn.p50() >= DECODE_TARGET;
        row(out, "Helix full path (HTTP → router → runner → llama.cpp), one stream: decode tok/s ≥ 0.97x the baseline",
                "OpenAI/SSE " + f(o.openai().decodeTokensPerSecond().p50(), 1) + ", Ollama/NDJSON "
                        + f(o.ollama().decodeTokensPerSecond().p50(), 1) + " vs " + f(o.direct().decodeTokensPerSecond().p50(), 1)
                        + " tok/s (p50 of " + o.direct().requests() + " requests each)",
                x(ro.p50()) + " / " + x(rn.p50()) + " (paired; middle half " + f(ro.p25(), 2) + "–" + f(ro.p75(), 2)
                        + " / " + f(rn.p25(), 2) + "–" + f(rn.p75(), 2) + ")",
                verdict(decodeOk));
        if (!decodeOk) {
            notes.add("**One-stream decode** " + x(Math.min(ro.p50(), rn.p50())) + " of the baseline (median of "
                    + ro.count() + " paired requests; the middle half of the pairs spans " + f(Math.min(ro.p25(), rn.p25()), 2)
                    + "–" + f(Math.max(ro.p75(), rn.p75()), 2) + (Math.max(ro.p75(), rn.p75()) >= DECODE_TARGET
                    ? ", which reaches the target: part of the shortfall may be this machine's noise" : "")
                    + "). CPU while streaming: Helix server + runner " + f(o.openai().cpuCores(), 2)
                    + " cores, baseline " + f(o.direct().cpuCores(), 2) + " cores, with " + r.settings().threads()
                    + " llama.cpp thread(s) on " + r.machine().cores() + " cores. Per token Helix adds a socket "
                    + "frame from the runner (written by the thread that received the token), a JSON event and an "
                    + "HTTP chunk from the server (JMH: about a microsecond to encode each event), and the thread "
                    + "wake-ups between them; the load client's own parsing runs on the same cores. When llama.cpp's "
                    + "threads take every core, each wake-up preempts one of them and its partner waits at the next "
                    + "barrier, so the shortfall is the price of using every core for llama.cpp: with 1 thread on 2 "
                    + "cores Helix measured 1.00x / 0.98x here, at 1.3x lower absolute speed. Closing it would take "
                    + "fewer wake-ups per token (the server writing a token from the thread that reads it from the "
                    + "runner) or a core left to the server.");
        }
        var to = o.addedTtftOpenai();
        var tn = o.addedTtftOllama();
        boolean ttftOk = to.p50() <= ADDED_TTFT_TARGET_MS && tn.p50() <= ADDED_TTFT_TARGET_MS;
        row(out, "Helix full path, one stream: added time to first token ≤ 3 ms at p50",
                "TTFT p50 OpenAI " + f(o.openai().ttftMillis().p50(), 1) + " ms, Ollama "
                        + f(o.ollama().ttftMillis().p50(), 1) + " ms, baseline " + f(o.direct().ttftMillis().p50(), 1)
                        + " ms",
                "+" + f(to.p50(), 1) + " ms / +" + f(tn.p50(), 1) + " ms (paired; middle half " + f(to.p25(), 1) + "–"
                        + f(to.p75(), 1) + " ms)",
                verdict(ttftOk));
        if (!ttftOk) {
            notes.add("**Added TTFT** +" + f(Math.max(to.p50(), tn.p50()), 1) + " ms at p50 of the paired differences "
                    + "(middle half " + f(Math.min(to.p25(), tn.p25()), 1) + " to " + f(Math.max(to.p75(), tn.p75()), 1)
                    + " ms). Before its first token Helix does, besides the baseline's work: the HTTP request, JSON "
                    + "parsing and mapping (JMH: a few microseconds), the router's lease (under a microsecond), a "
                    + "frame to the runner and a thread there; the first token then crosses the socket and the HTTP "
                    + "stream. Timed hop by hop after 3,000 warm-up requests these took 2.4 ms in all, most of it "
                    + "thread wake-ups: on this VM a request after 20 ms idle took 0.90 ms for `GET /` against 0.25 "
                    + "ms back to back, and the first token wakes each thread on its way after tens of milliseconds of "
                    + "prompt. The spread of the pairs is of the same size as the gap; fewer hops (the frame read "
                    + "and the HTTP write on one thread) would narrow it.");
        }
    }

    private void fourStreams(StringBuilder out) {
        var c = r.concurrency();
        if (c == null) {
            row(out, "Four concurrent streams: aggregate ≥ 3.5x one stream", NOT_RUN, "", "");
            return;
        }
        boolean ok = c.helixRatio().p50() >= STREAMS_TARGET;
        row(out, "Four concurrent streams on one model: aggregate tok/s ≥ 3.5x one stream",
                "Helix " + f(c.helix4().aggregateTokensPerSecond(), 1) + " vs " + f(c.helix1().aggregateTokensPerSecond(), 1)
                        + " tok/s; the binding itself " + f(c.direct4().aggregateTokensPerSecond(), 1) + " vs "
                        + f(c.direct1().aggregateTokensPerSecond(), 1) + ". Decode phase alone (4 x per-stream "
                        + "decode over one stream's): Helix " + x(c.helixDecodeRatio().p50()) + ", binding "
                        + x(c.directDecodeRatio().p50()),
                "Helix " + x(c.helixRatio().p50()) + ", binding " + x(c.directRatio().p50()) + " (paired, "
                        + c.helixRatio().count() + " units)", verdict(ok));
        int lost = c.helix4().errors() + (r.leak() == null ? 0 : r.leak().errors());
        row(out, "No request fails for lack of KV cache (slots sized for the context)",
                c.helix4().errors() + " failed of " + c.helix4().requests() + " at 4 streams"
                        + (r.leak() == null ? "" : "; " + r.leak().errors() + " of " + r.leak().requests()
                        + " in the leak run (bursts of " + r.plan().leakBurstSize() + " at once)"),
                lost + " failures", verdict(lost == 0));
        if (!ok) {
            double direct = c.directRatio().p50();
            notes.add("**Four streams** " + x(c.helixRatio().p50()) + " on Helix, and the binding in one process "
                    + "reaches " + x(direct) + " with the same threads and slots" + (direct < STREAMS_TARGET
                    ? ": most of the ceiling is below Helix, in the binding. " : ". ")
                    + "In the decode phase four streams' step took " + x(4 / c.directDecodeRatio().p50())
                    + " the time of one stream's step on the binding (" + x(4 / c.helixDecodeRatio().p50())
                    + " on Helix), where a memory-bound F32 model should batch four tokens for little more than the "
                    + "price of one. One cause is in the binding: its receive call (llama.cpp's "
                    + "`server_response::recv`, one caller per stream) waits on a condition that is true whenever "
                    + "any stream's result is queued, so the callers waiting for the other streams spin on the "
                    + "results mutex instead of sleeping — seen with `perf record -t` on a waiting thread while this "
                    + "suite was written (its samples sit in `pthread_mutex_lock`/`unlock` and a loop in "
                    + "libjllama) — and take CPU and that lock from llama.cpp's decoding threads on a machine with "
                    + r.machine().cores() + " cores. CPU while four streams decode: binding "
                    + f(c.direct4().cpuCores(), 2) + " cores (one stream " + f(c.direct1().cpuCores(), 2)
                    + "), Helix server + runner " + f(c.helix4().cpuCores(), 2) + " (one stream "
                    + f(c.helix1().cpuCores(), 2) + "), with " + r.settings().threads() + " llama.cpp thread(s). "
                    + threadsFor(r.model().replace(".gguf", "")) + "Closing it needs a receive that sleeps until "
                    + "its own result arrives (a binding whose wait checks for its own task, or a newer llama.cpp "
                    + "server loop); calling it from fewer threads does not help, since one caller waiting for a "
                    + "stream still in its prompt spins the same way. More llama.cpp threads help only while cores "
                    + "are free, and did not come near 3.5x here.");
        }
    }

    /** What the threads sweep measured for one model, for the notes. */
    private String threadsFor(String model) {
        if (r.threads() == null) {
            return "";
        }
        var rows = r.threads().rows().stream().filter(w -> w.model().equals(model)).toList();
        if (rows.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (var w : rows) {
            parts.add(w.threads() + " thread(s) " + x(w.aggregate4() / w.aggregate1()) + " at " + f(w.cpuCores4(), 2)
                    + " cores");
        }
        return "The threads sweep on the same model, four streams over one: " + String.join("; ", parts) + ". ";
    }

    private void chat(StringBuilder out) {
        var h = r.helixChat();
        if (h == null) {
            row(out, "Multi-turn chat: next turn TTFT ≤ 0.1x the first", NOT_RUN, "", "");
            return;
        }
        boolean ok = h.errors() == 0 && h.ttftRatio().p50() <= CHAT_TARGET;
        var d = r.directChat();
        row(out, "Multi-turn chat, ~" + r.plan().historyTokens() + " shared history tokens: next turn's TTFT ≤ 0.1x the first",
                "first turn " + f(h.firstTurnTtftMillis().p50(), 0) + " ms (" + f(h.firstTurnPromptTokens().p50(), 0)
                        + " prompt tokens), next turn " + f(h.nextTurnTtftMillis().p50(), 0) + " ms ("
                        + f(h.nextTurnPromptTokens().p50(), 0) + " tokens), " + h.conversations() + " conversations"
                        + (d == null ? "" : "; binding: " + x(d.ttftRatio().p50())),
                "p50 " + x(h.ttftRatio().p50()) + ", worst " + x(h.ttftRatio().max()), verdict(ok));
        if (!ok) {
            notes.add("**Multi-turn** p50 " + x(h.ttftRatio().p50()) + " (worst conversation " + x(h.ttftRatio().max())
                    + ")" + (d == null ? "" : "; the binding in one process: p50 " + x(d.ttftRatio().p50()) + ", worst "
                    + x(d.ttftRatio().max())) + ". A next turn is fast only when llama.cpp puts it in the slot that "
                    + "holds its conversation (it picks the idle slot whose cached tokens share the longest run with "
                    + "the prompt, above a similarity of 0.5) and the cached prefix survives; "
                    + (h.errors() > 0 ? h.errors() + " conversation(s) failed: " + h.errorMessages() + ". " : "")
                    + "Sending a slot id with each request (Helix remembering which slot served a conversation's "
                    + "prefix) would make the routing explicit.");
        }
    }

    private void proxy(StringBuilder out) {
        var p = r.proxy();
        if (p == null) {
            row(out, "Helix in front of an upstream: added TTFT ≤ 1 ms at p50", NOT_RUN, "", "");
            row(out, "Helix in front of an upstream: decode tok/s ≥ 0.98x the upstream's", NOT_RUN, "", "");
            return;
        }
        var to = p.addedTtftOpenai();
        var tn = p.addedTtftOllama();
        boolean ttftOk = to.p50() <= PROXY_TTFT_TARGET_MS && tn.p50() <= PROXY_TTFT_TARGET_MS;
        row(out, "Helix in front of an upstream (Helix B → Helix A, " + p.model().replace(".gguf", "") + ", "
                        + p.threads() + " llama.cpp thread(s)), one stream: added time to first token ≤ 1 ms at p50, "
                        + "against A called directly",
                "TTFT p50 through B: OpenAI " + f(p.proxyOpenai().ttftMillis().p50(), 1) + " ms, Ollama "
                        + f(p.proxyOllama().ttftMillis().p50(), 1) + " ms; A directly " + f(p.directOpenai().ttftMillis()
                        .p50(), 1) + " / " + f(p.directOllama().ttftMillis().p50(), 1) + " ms",
                "+" + f(to.p50(), 2) + " ms / +" + f(tn.p50(), 2) + " ms at p50, +" + f(to.p90(), 2) + " / +"
                        + f(tn.p90(), 2) + " ms at p90 (paired, " + to.count() + " + " + tn.count() + " pairs)",
                verdict(ttftOk));
        var ro = p.decodeRatioOpenai();
        var rn = p.decodeRatioOllama();
        boolean decodeOk = ro.p50() >= PROXY_DECODE_TARGET && rn.p50() >= PROXY_DECODE_TARGET;
        row(out, "Helix in front of an upstream, one stream: decode tok/s ≥ 0.98x the upstream's",
                "through B: OpenAI " + f(p.proxyOpenai().decodeTokensPerSecond().p50(), 1) + ", Ollama "
                        + f(p.proxyOllama().decodeTokensPerSecond().p50(), 1) + " tok/s; A directly "
                        + f(p.directOpenai().decodeTokensPerSecond().p50(), 1) + " / "
                        + f(p.directOllama().decodeTokensPerSecond().p50(), 1) + " tok/s (p50)",
                x(ro.p50()) + " / " + x(rn.p50()) + " (paired; middle half " + f(ro.p25(), 3) + "–" + f(ro.p75(), 3)
                        + " / " + f(rn.p25(), 3) + "–" + f(rn.p75(), 3) + ")",
                verdict(decodeOk));
        var shared = r.proxyShared();
        if (shared != null) {
            var so = shared.addedTtftOpenai();
            var sn = shared.addedTtftOllama();
            var sro = shared.decodeRatioOpenai();
            var srn = shared.decodeRatioOllama();
            row(out, "The same with every core to A's llama.cpp (" + shared.threads() + " thread(s) on "
                            + r.machine().cores() + " cores): what B's CPU costs an upstream that shares its cores",
                    "A directly " + f(shared.directOpenai().decodeTokensPerSecond().p50(), 1) + " / "
                            + f(shared.directOllama().decodeTokensPerSecond().p50(), 1) + " tok/s, through B "
                            + f(shared.proxyOpenai().decodeTokensPerSecond().p50(), 1) + " / "
                            + f(shared.proxyOllama().decodeTokensPerSecond().p50(), 1) + " tok/s (p50); B's CPU "
                            + f(shared.proxyCpuMicrosPerToken(), 0) + " µs per token",
                    "TTFT +" + f(so.p50(), 2) + " / +" + f(sn.p50(), 2) + " ms, decode " + x(sro.p50()) + " / "
                            + x(srn.p50()) + " (paired, OpenAI / Ollama; middle half " + f(sro.p25(), 3) + "–"
                            + f(sro.p75(), 3) + " / " + f(srn.p25(), 3) + "–" + f(srn.p75(), 3) + ")",
                    "reported (no target)");
        }
        row(out, "What the proxy costs besides time: Helix B's own memory and CPU (B has no model)",
                "RSS idle " + mb(p.proxyIdleRssKb()) + ", peak while streaming " + mb(p.proxyPeakRssKb()) + ", after a "
                        + "full GC " + mb(p.proxyAfterGcRssKb()) + " (A's server process, its runner not counted: "
                        + mb(p.upstreamServerRssKb()) + "); " + p.proxyThreads() + " threads; CPU "
                        + f(p.proxyCpuMicrosPerToken(), 0) + " µs per token streamed through it ("
                        + f(p.proxyCpuSeconds() * 1e3 / Math.max(1, p.proxyRequests()), 1) + " ms per request of ~"
                        + f((double) p.proxyTokens() / Math.max(1, p.proxyRequests()), 0) + " tokens)",
                "+" + mb(p.proxyPeakRssKb()) + " RSS", "reported (no target)");
        if (!ttftOk) {
            notes.add("**Proxy TTFT** +" + f(Math.max(to.p50(), tn.p50()), 2) + " ms at p50 through B, "
                    + f(Math.max(to.p50(), tn.p50()) - PROXY_TTFT_TARGET_MS, 2) + " ms over the target (middle half of "
                    + "the pairs " + f(Math.min(to.p25(), tn.p25()), 2) + " to " + f(Math.max(to.p75(), tn.p75()), 2)
                    + " ms). " + ProxyNotes.ttft(p));
        }
        if (!decodeOk) {
            notes.add("**Proxy decode** " + x(Math.min(ro.p50(), rn.p50())) + " of A's own rate, "
                    + f((PROXY_DECODE_TARGET - Math.min(ro.p50(), rn.p50())) * 100, 1) + " points under the target "
                    + "(middle half of the pairs " + f(Math.min(ro.p25(), rn.p25()), 3) + "–"
                    + f(Math.max(ro.p75(), rn.p75()), 3) + "). " + ProxyNotes.decode(p, r.machine().cores()));
        }
    }

    private void external(StringBuilder out) {
        row(out, "The same run against llama-server, Ollama, vLLM",
                "not installed on this machine and not downloadable here", "–",
                "supported: the load tool, `Bench --url URL --api openai|ollama --model NAME`");
    }

    private void startup(StringBuilder out) {
        var s = r.startup();
        if (s == null) {
            row(out, "Server start to ready (no model) < 1.5 s", NOT_RUN, "", "");
            row(out, "Idle server RSS < 200 MB", NOT_RUN, "", "");
            return;
        }
        boolean startOk = s.startMillis().p50() < START_TARGET_MS;
        row(out, "Server start to ready, no model loaded (`java -jar helix.jar serve` → first `GET /`) < 1.5 s",
                "p50 " + f(s.startMillis().p50(), 0) + " ms, worst " + f(s.startMillis().max(), 0) + " ms of " + s.runs()
                        + "; a bare JVM (`java -version`) " + f(s.bareJvmMillis().p50(), 0) + " ms; with AppCDS "
                        + f(s.appCdsMillis().p50(), 0) + " ms",
                f(s.startMillis().p50() / START_TARGET_MS, 2) + " of the limit", verdict(startOk));
        boolean rssOk = s.idleRssMb().p50() < IDLE_RSS_TARGET_MB;
        row(out, "Idle server RSS < 200 MB", "p50 " + f(s.idleRssMb().p50(), 0) + " MB, " + f(s.idleThreads().p50(), 0)
                + " threads, " + StartupScenario.SETTLE.toSeconds() + " s after ready", f(s.idleRssMb().p50()
                / IDLE_RSS_TARGET_MB, 2) + " of the limit", verdict(rssOk));
        if (!startOk) {
            notes.add("**Start-up** p50 " + f(s.startMillis().p50(), 0) + " ms, against " + f(s.bareJvmMillis().p50(), 0)
                    + " ms for a bare JVM to start and end: nearly all of it is Helix's own start, loading and "
                    + "initialising about 3,900 classes (Jetty's ~700 and Jackson's ~400 among them) while the JIT "
                    + "compiles on the same cores. Helix already builds only the named command's command-line model "
                    + "and starts the router beside the HTTP stack (together ~0.3 s here); preloading classes on a "
                    + "third thread made it slower. The same start measured 1.2-1.7 s across runs on this VM, as its "
                    + "speed drifted (compare the bare JVM's figure between runs). What would close it is class-data "
                    + "sharing of the jar's classes, measured below: an archive recorded on the first start and used "
                    + "after, which needs the JVM flag, so a launcher script (or `JDK_JAVA_OPTIONS`) to pass it.");
        }
        if (!Double.isNaN(s.appCdsMillis().p50())) {
            leads.add("**Start-up without code changes**, measured in turn with the plain start: with a dynamic "
                    + "AppCDS archive of the jar's classes (`-XX:SharedArchiveFile`, recorded by one run with "
                    + "`-XX:ArchiveClassesAtExit`) p50 " + f(s.appCdsMillis().p50(), 0) + " ms; with the archive and "
                    + "C1 only (`-XX:TieredStopAtLevel=1`) " + f(s.appCdsC1Millis().p50(), 0) + " ms; plain "
                    + f(s.startMillis().p50(), 0) + " ms. A launcher that records the archive on first start and "
                    + "uses it after would take most of this; C1 only costs peak speed of the server's Java code, "
                    + "which the JMH figures show is small per request.");
        }
        if (!rssOk) {
            notes.add("**Idle RSS** " + f(s.idleRssMb().p50(), 0) + " MB: the JVM's default heap sizing on this "
                    + "machine's memory; a smaller initial heap or SerialGC for the server would close it.");
        }
    }

    private void runner(StringBuilder out) {
        var m = r.runner();
        if (m == null) {
            row(out, "Runner RSS ≤ model file + KV cache + 150 MB", NOT_RUN, "", "");
            row(out, "After unload the runner's memory is gone", NOT_RUN, "", "");
            return;
        }
        boolean ok = m.runnerHwmKb() <= m.limitKb();
        row(out, "A runner's RSS ≤ model file size + KV cache + 150 MB",
                "peak " + mb(m.runnerHwmKb()) + " (now " + mb(m.runnerRssKb()) + ") vs " + f(m.fileBytes() / 1048576.0, 0)
                        + " + " + f(m.kvBytes() / 1048576.0, 0) + " + 150 = " + mb(m.limitKb()),
                f((double) m.runnerHwmKb() / m.limitKb(), 2) + " of the limit", verdict(ok));
        if (!ok) {
            String jvm = r.leak() == null || r.leak().points().isEmpty() ? ""
                    : " A runner serving the 0.7 MB tiny model in the leak run held "
                    + mb(r.leak().points().get(0).runnerRssKb()) + ": that is about the runner JVM's own share.";
            notes.add("**Runner RSS** peak " + mb(m.runnerHwmKb()) + " over the limit " + mb(m.limitKb())
                    + ". Besides the mapped file and the KV cache, llama.cpp allocates a compute buffer for the "
                    + "micro-batch (" + (Double.isNaN(m.computeBufferMib()) ? "size not found in the log"
                    : f(m.computeBufferMib(), 0) + " MiB for this model, reported by llama.cpp in the baseline's log")
                    + ", Helix's CPU micro-batch of 128 tokens already a quarter of llama.cpp's default); it becomes "
                    + "resident once a prompt fills a micro-batch." + jvm + " What is left is the runner JVM: a "
                    + "leaner one (C1 only saved ~7 MB here; class-data sharing of the jar's classes; fewer threads) "
                    + "would close the gap.");
        }
        row(out, "After unload the runner's memory is gone",
                (m.runnerGone() ? "runner process gone" : "runner still alive") + " when the unload returned ("
                        + f(m.unloadMillis(), 0) + " ms); processes under the server after: " + m.processesAfterUnload()
                        + "; server RSS " + mb(m.serverRssAfterUnloadKb()),
                "–", verdict(m.runnerGone() && m.processesAfterUnload() == 0));
    }

    private void leak(StringBuilder out) {
        var l = r.leak();
        if (l == null) {
            row(out, "1,000 sequential and 200 concurrent in bursts: no growth", NOT_RUN, "", "");
            return;
        }
        row(out, "1,000 sequential requests and 200 concurrent in bursts: no growth in RSS, threads or open files "
                        + "beyond a warm-up plateau",
                l.requests() + " requests in " + f(l.seconds(), 0) + " s, " + l.errors() + " failed; last reading "
                        + "over the phase's warm-up plateau (first half): sequential " + growth(l.sequential())
                        + "; bursts " + growth(l.bursts()),
                "tolerance 10 MB, 2 threads, 2 files", verdict(l.noGrowth() && l.errors() == 0));
        if (!l.noGrowth()) {
            notes.add("**Leak run**: a phase's last settled reading exceeds its first by more than the tolerance (see "
                    + "the leak table): a figure that rises from reading to reading is a leak to chase with a heap "
                    + "or native-memory dump at two readings; one that rose once and stayed is a plateau reached "
                    + "later than the first chunk.");
        }
    }

    private static String growth(LeakScenario.Growth g) {
        if (g == null) {
            return "– (one reading)";
        }
        return "server " + sign(g.serverRssKb() / 1024.0) + " MB, " + sign(g.serverThreads()) + " threads, "
                + sign(g.serverFiles()) + " files; runner " + sign(g.runnerRssKb() / 1024.0) + " MB, "
                + sign(g.runnerThreads()) + " threads, " + sign(g.runnerFiles()) + " files";
    }

    private static String sign(double v) {
        return (v >= 0 ? "+" : "") + f(v, Math.rint(v) == v ? 0 : 1);
    }

    private void threads(StringBuilder out) {
        var t = r.threads();
        if (t == null) {
            row(out, "Default threads chosen from measurements, per model size", NOT_RUN, "", "");
            return;
        }
        int cores = r.machine().cores();
        List<String> picks = new ArrayList<>();
        boolean agrees = true;
        boolean promptWantsMore = false;
        for (String model : t.rows().stream().map(ThreadsScenario.Row::model).distinct().toList()) {
            var rows = t.rows().stream().filter(w -> w.model().equals(model)).toList();
            var best = rows.stream().max((a, b) -> Double.compare(a.decodeVsOne().p50(), b.decodeVsOne().p50()))
                    .orElseThrow();
            var fastestPrompt = rows.stream().min((a, b) -> Double.compare(a.ttftVsOne().p50(), b.ttftVsOne().p50()))
                    .orElseThrow();
            int helix = Suite.helixDefaultThreads(rows.get(0).fileBytes(), cores);
            var chosen = rows.stream().filter(w -> w.threads() == helix).findFirst().orElse(best);
            double share = chosen.decodeVsOne().p50() / best.decodeVsOne().p50();
            agrees &= share >= 0.9;
            promptWantsMore |= fastestPrompt.threads() > helix && fastestPrompt.ttftVsOne().p50() < 0.9;
            picks.add(model + ": decode fastest at " + best.threads() + ", Helix picks " + helix
                    + (share >= 0.9 ? "" : " (" + x(share) + ")") + ", prompt fastest at " + fastestPrompt.threads());
        }
        row(out, "Default threads picked from measurements, per model size (binding, one stream, paired)",
                String.join("; ", picks), "see the threads table", agrees ? "**pass** (Helix's rule within 10% of the "
                        + "fastest decode)" : "**miss**");
        if (!agrees) {
            notes.add("**Threads**: on at least one model Helix's default (`ThreadDefaults`: 1 thread under 12 MB, "
                    + "else the cores, halved above 4) decodes at under 90% of the fastest thread count in the threads "
                    + "table (paired medians). Near the 12 MB crossover the two counts are within this machine's "
                    + "noise from run to run (15M F16: 1 thread fastest in one run, 2 in the next); more rounds per "
                    + "model would settle it.");
        }
        if (promptWantsMore) {
            leads.add("**Threads, prompt and decode apart**: the threads table shows prompts (TTFT) at least 10% "
                    + "faster with more threads than Helix picks for decoding; Helix chooses the prompt (batch) "
                    + "count apart (`ThreadDefaults.batch`), and the sweep sets both to the count under test.");
        }
    }
}
