package dev.helix.benchmarks.load;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures of one load run.
 *
 * @param label                    what was run
 * @param concurrency              clients sending at once
 * @param requests                 requests measured
 * @param ok                       requests answered completely
 * @param errors                   requests that failed
 * @param errorMessages            each distinct failure (shortened) and how often it happened, most frequent first
 * @param wallSeconds              from the first request sent to the last answer read
 * @param ttftMillis               time to first token of the successful requests
 * @param decodeTokensPerSecond    per stream: tokens after the first over the time after the first
 * @param aggregateTokensPerSecond all tokens received over the wall time
 * @param requestsPerSecond        successful requests over the wall time
 * @param tokensPerRequest         tokens received per successful request
 * @param promptTokens             prompt tokens per request as the server reported them (NaN if it did not)
 * @param memory                   peak memory, threads and open files of the watched processes, or null
 * @param results                  every request's own result (not written to JSON)
 */
public record RunReport(String label, int concurrency, int requests, int ok, int errors,
                        Map<String, Integer> errorMessages, double wallSeconds, Distribution ttftMillis,
                        Distribution decodeTokensPerSecond, double aggregateTokensPerSecond, double requestsPerSecond,
                        Distribution tokensPerRequest, Distribution promptTokens, Memory memory,
                        @JsonIgnore List<StreamResult> results) {

    /**
     * Peaks seen by a {@link ProcessSampler}; kB as Linux reports them.
     *
     * @param serverPeakRssKb  the server process's highest sampled VmRSS
     * @param runnersPeakRssKb the highest sampled sum of VmRSS over its descendants (runners)
     * @param totalPeakRssKb   the highest sampled sum over the whole process tree
     * @param serverHwmKb      the server's VmHWM (its peak since it started) at the last sample
     * @param runnersHwmKb     the sum of the descendants' VmHWM at the last sample
     * @param peakThreads      the most threads the tree had in one sample
     * @param peakOpenFiles    the most open file descriptors the tree had in one sample
     * @param serverCpuSeconds CPU time the server used meanwhile (all its threads)
     * @param runnersCpuSeconds CPU time its descendants used meanwhile (those that ended early are not counted)
     * @param samples          how many samples the peaks come from
     */
    public record Memory(long serverPeakRssKb, long runnersPeakRssKb, long totalPeakRssKb, long serverHwmKb,
                         long runnersHwmKb, int peakThreads, int peakOpenFiles, double serverCpuSeconds,
                         double runnersCpuSeconds, int samples) {}

    public static RunReport of(String label, int concurrency, List<StreamResult> results, long wallNanos,
                               Memory memory) {
        List<Double> ttft = new ArrayList<>();
        List<Double> decode = new ArrayList<>();
        List<Double> tokens = new ArrayList<>();
        List<Double> prompt = new ArrayList<>();
        Map<String, Integer> failures = new TreeMap<>();
        long allTokens = 0;
        int ok = 0;
        for (StreamResult r : results) {
            allTokens += r.tokens();
            if (!r.ok()) {
                failures.merge(shorten(r.error()), 1, Integer::sum);
                continue;
            }
            ok++;
            tokens.add((double) r.tokens());
            if (r.tokens() > 0) {
                ttft.add(r.ttftMillis());
            }
            if (r.tokens() > 1) {
                decode.add(r.decodeTokensPerSecond());
            }
            if (r.promptTokens() >= 0) {
                prompt.add((double) r.promptTokens());
            }
        }
        double seconds = wallNanos / 1e9;
        return new RunReport(label, concurrency, results.size(), ok, results.size() - ok, byCount(failures), seconds,
                Distribution.of(ttft), Distribution.of(decode), seconds > 0 ? allTokens / seconds : 0,
                seconds > 0 ? ok / seconds : 0, Distribution.of(tokens), Distribution.of(prompt), memory,
                List.copyOf(results));
    }

    private static String shorten(String error) {
        String e = error == null ? "unknown error" : error.strip();
        return e.length() <= 160 ? e : e.substring(0, 157) + "...";
    }

    private static Map<String, Integer> byCount(Map<String, Integer> counts) {
        Map<String, Integer> sorted = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    public RunReport withLabel(String value) {
        return new RunReport(value, concurrency, requests, ok, errors, errorMessages, wallSeconds, ttftMillis,
                decodeTokensPerSecond, aggregateTokensPerSecond, requestsPerSecond, tokensPerRequest, promptTokens,
                memory, results);
    }
}
