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
                + "B's own work between. Most of what this figure used to be was B's code not yet compiled: with "
                + "300 warm-up rounds (as before 2026-12-01) the scenario measured +3.03 / +3.26 ms; with a burst of "
                + "2,500 requests per side and API first, +1.32 / +1.49 ms; with 10,000 (this page), the figures "
                + "above. A fake upstream on idle cores showed the same: B added 3.2 ms to the first token after 300 "
                + "requests and 1.0 ms after 20,000, and 0.2-0.3 ms back to back, when B's threads and caches are "
                + "still hot from the request before (the paired requests here leave B idle for the length of A's "
                + "own answer first). The thread hand-overs in B's exchange with A, measured on 2026-11-30 with the "
                + "short warm-up: the JDK HTTP client (its selector and executor threads between A's socket and B's "
                + "reader) gave +4.02 / +3.33 ms and 0.92x / 0.96x; Apache HttpClient's blocking API on the "
                + "request's own virtual thread (as shipped) +2.85 / +3.17 ms and 0.91x / 0.93x. Tried and not "
                + "shipped: a platform thread per connection (Jetty's pool), +2.95 / +2.69 ms and 0.91x / 0.97x, "
                + "because a graceful shutdown ends a request blocked on an upstream or a runner by interrupting it, "
                + "which closes a virtual thread's socket at once and which a platform thread's blocking read "
                + "ignores, and because a platform thread per idle stream is what the providers issue rules out. "
                + "Since 2026-12-01 B reads A untimed (one thread watches the waits; a timed read cost a timer on "
                + "the scheduler's delay thread), hands a finished answer's connection back on the request's own "
                + "thread (it took a new virtual thread and a 1 s timer task), and serves with the JDK's system "
                + "poller: with A on every core the scenario went from +1.00 / +1.12 ms and 0.95x / 0.93x to "
                + "+0.73 / +1.19 ms and 0.97x / 0.96x. What is left per request besides the hops: a name only an "
                + "upstream serves is looked for on disk once per 2 s (the model stores rescanned, ~0.5 ms), and a "
                + "pooled connection idle over 2 s is checked with a 1 ms read. In this run the paired differences "
                + "spread from "
                + f(p.addedTtftOpenai().min(), 1) + " to " + f(p.addedTtftOpenai().max(), 1) + " ms (" + p.threads()
                + " llama.cpp thread(s) in A, load average " + p.loadAverage().split(" ")[0] + " after this "
                + "scenario); B used " + f(p.proxyCpuSeconds() * 1e3 / Math.max(1, p.proxyRequests()), 1)
                + " ms of CPU per request in all.";
    }

    static String decode(ProxyScenario.Result p, int cores) {
        return "B used " + f(p.proxyCpuMicrosPerToken(), 0) + " µs of CPU per token streamed through it, against "
                + f(1e6 / p.directOpenai().decodeTokensPerSecond().p50(), 0) + " µs between A's tokens; per token B "
                + "does one untimed blocking read of A's event on the request's own thread, parses it (~1 µs), and "
                + "writes its own event; the system poller's wake-up of the reader's carrier remains. In the "
                + "load tool's side run of 2026-11-30 (300 requests after 150 warm-up, one B at a time in front of "
                + "the same A) B's decode rate was 592 and 622 tok/s on virtual threads and 685 and 654 on platform "
                + "threads against A's own 639: without those wake-ups the rate through B equals A's within the "
                + "run-to-run spread. With a fake upstream sending a token every 1.4 ms on idle cores, B used "
                + "179 µs of CPU per token with timed reads and the JDK's default pollers, 152 µs with untimed reads "
                + "and 115 µs with the system poller too (means of three runs; 97 µs on platform threads), most of "
                + "it in the kernel (the read, the write to the client over loopback, the wake-ups). The paired "
                + "figure here "
                + "moves with "
                + "what else holds the " + cores + " cores while A's " + p.threads() + " llama.cpp thread(s), A's "
                + "server, B and the load client share them." + (Math.max(p.decodeRatioOpenai().p75(),
                p.decodeRatioOllama().p75()) >= ResultsMarkdown.PROXY_DECODE_TARGET ? " The middle half of the "
                + "pairs reaches the target, so part of the gap is this machine's noise." : "");
    }
}
