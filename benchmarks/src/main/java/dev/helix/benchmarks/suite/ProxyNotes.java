package dev.helix.benchmarks.suite;

import static dev.helix.benchmarks.suite.Md.f;

/**
 * What the run's own figures, and the traces taken while the proxy scenario was written, say about a missed proxy
 * target.
 */
final class ProxyNotes {
    private ProxyNotes() {}

    static String ttft(ProxyScenario.Result p) {
        return "A request through B makes each hop of a direct request twice (the client's connection accepted and "
                + "dispatched, the request parsed, a request written to A, A's events read and framed again), with "
                + "B's own work between. The thread hand-overs in B's exchange with A, each step "
                + "measured by this scenario on 2026-11-30 on an idle machine: the JDK HTTP client (its selector "
                + "and executor threads between A's socket and B's reader) gave +4.02 / +3.33 ms and 0.92x / 0.96x; "
                + "Apache HttpClient's blocking API on the request's own virtual thread (as shipped) +2.85 / +3.17 "
                + "ms and 0.91x / 0.93x, and this run's figures. Tried and not shipped: a platform thread per "
                + "connection (Jetty's pool), +2.95 / +2.69 ms and 0.91x / 0.97x here, because a graceful shutdown "
                + "ends a request blocked on an upstream or a runner by interrupting it, which closes a virtual "
                + "thread's socket at once and which a platform thread's blocking read ignores. strace -c of B on "
                + "virtual threads counted per token streamed ~9.6 futex calls, 2.3 "
                + "epoll_wait, 1.5 epoll_ctl and 1.7 reads (half of them EAGAIN): the poller's and the carriers' "
                + "wake-ups; on platform threads a piece is one blocking read and one writev. In a side run with the "
                + "load tool (300 requests after 150 warm-up, one B at a time in front of the same A) B's TTFT p50 "
                + "was 23.7 ms on virtual threads and 22.6 ms on platform threads against A's own 20.6 ms, and B's "
                + "CPU 0.12 against 0.08 cores. A free core is not what is missing: with A on 1 llama.cpp thread "
                + "on an idle machine (2026-11-30, --only proxy --threads 1) the figures were +3.15 / +3.80 ms and "
                + "0.97x / 0.97x. Where the time goes, from a loopback capture (tcpdump) of B's two connections on "
                + "that idle machine after 1,500 warm-up requests: B takes a median 2.0 ms from the client's request "
                + "bytes to its own request to A, and 0.6 ms from A's first token to its own. Between the two, B's "
                + "request thread makes no system call (strace): it is CPU, Jetty's and Javalin's dispatch, the "
                + "JSON request read and the upstream's written, the backend group and Apache HttpClient's "
                + "execution chain, which a 1 ms JFR profile spreads over all of these, none above a quarter, "
                + "with the thread wake-ups between. Rarer: a name only an upstream serves is looked for on disk "
                + "once per 2 s (the model stores rescanned, ~0.5 ms), and a pooled connection idle over 2 s is "
                + "checked with a 1 ms read. Meeting the target takes a leaner request path in B, not a machine "
                + "change. In this run the paired differences spread from " + f(p.addedTtftOpenai().min(), 1)
                + " to " + f(p.addedTtftOpenai().max(), 1) + " ms (" + p.threads() + " llama.cpp thread(s) in A, "
                + "load average " + p.loadAverage().split(" ")[0] + " after this scenario); B used "
                + f(p.proxyCpuSeconds() * 1e3 / Math.max(1, p.proxyRequests()), 1) + " ms of CPU per request in "
                + "all.";
    }

    static String decode(ProxyScenario.Result p, int cores) {
        return "B used " + f(p.proxyCpuMicrosPerToken(), 0) + " µs of CPU per token streamed through it, against "
                + f(1e6 / p.directOpenai().decodeTokensPerSecond().p50(), 0) + " µs between A's tokens; per token B "
                + "now does one blocking read of A's event on the request's own thread, parses it (~1 µs), and "
                + "writes its own event; the poller's and the carriers' wake-ups of a virtual thread remain. In the "
                + "side run above B's decode rate was 592 and 622 tok/s on virtual threads and 685 and 654 on "
                + "platform threads against A's own 639: without those wake-ups the rate through B equals A's "
                + "within the run-to-run spread, and the paired figure here moves with "
                + "what else holds the " + cores + " cores while A's " + p.threads() + " llama.cpp thread(s), A's "
                + "server, B and the load client share them." + (Math.max(p.decodeRatioOpenai().p75(),
                p.decodeRatioOllama().p75()) >= ResultsMarkdown.PROXY_DECODE_TARGET ? " The middle half of the "
                + "pairs reaches the target, so part of the gap is this machine's noise." : "");
    }
}
