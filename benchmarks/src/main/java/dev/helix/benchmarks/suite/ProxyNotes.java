package dev.helix.benchmarks.suite;

import static dev.helix.benchmarks.suite.Md.f;

/** What the run's own figures say about a missed proxy target. */
final class ProxyNotes {
    private ProxyNotes() {}

    static String ttft(ProxyScenario.Result p) {
        return "Before its first token a request through B costs, besides A's own work: B's HTTP request, JSON "
                + "parsing and routing, a second HTTP exchange from B to A (whose headers arrive with A's first "
                + "token: A commits its answer only then), and that first event read, parsed and framed again by B; "
                + "each hop between threads wakes one. B used " + f(p.proxyCpuSeconds() * 1e3
                / Math.max(1, p.proxyRequests()), 1) + " ms of CPU per request in all.";
    }

    static String decode(ProxyScenario.Result p, int cores) {
        return "B used " + f(p.proxyCpuMicrosPerToken(), 0) + " µs of CPU per token streamed through it (the "
                + "socket read on the HTTP client's selector thread, a hand-over to the thread that parses the event, "
                + "the event framed again and written); on " + cores + " cores where A's llama.cpp runs "
                + p.threads() + " thread(s), that time is taken from them.";
    }
}
