package dev.helix.benchmarks.suite;

import dev.helix.benchmarks.load.ChatScenario;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Everything one suite run measured; null where a scenario was skipped. Written as results.json next to the
 * generated RESULTS.md.
 *
 * @param model           the generated model the comparisons use, and its size
 * @param settings        the load options Helix and the baseline share
 * @param helixLoadMillis how long Helix took to load the model (runner start included)
 * @param proxy           Helix in front of Helix, A's llama.cpp leaving a core to the servers and the client
 * @param proxyShared     the same with every core to A's llama.cpp (null when that is the same run, on one core)
 * @param engines         issue 15's comparison: Helix against llama-server, engine ffm against the binding
 * @param reruns          scenarios measured again alone after this run ({@code --only}), their figures replacing
 *                        this run's; empty for a page from one run
 */
record Results(String generatedAt, double minutes, Machine machine, Plan plan, String model, long modelBytes,
               Direct.Settings settings, String threadsChoice, double helixLoadMillis,
               JmhScenario.Result jmh, StartupScenario.Result startup, OverheadScenario.Result overhead,
               ConcurrencyScenario.Result concurrency, ChatScenario.Report helixChat, ChatScenario.Report directChat,
               RunnerMemoryScenario.Result runner, LeakScenario.Result leak, ThreadsScenario.Result threads,
               ProxyScenario.Result proxy, ProxyScenario.Result proxyShared, EnginesScenario.Result engines,
               List<String> failures,
               List<Rerun> reruns) {

    public Results {
        failures = failures == null ? List.of() : List.copyOf(failures);
        reruns = reruns == null ? List.of() : List.copyOf(reruns);
    }

    /**
     * Some scenarios measured again alone, by {@code command}.
     *
     * @param scenarios the scenarios ({@code --only}'s names)
     */
    record Rerun(List<String> scenarios, String command, String at, double minutes, String loadAverage) {}

    /**
     * This run's figures with those of the scenarios in {@code ran} taken from {@code fresh}, a later run of only
     * those scenarios; what the page says about the run (machine, plan, when) stays this run's, and the rerun is
     * recorded.
     *
     * @param failed says which scenario a failure belongs to
     */
    Results withRerun(Results fresh, Set<String> ran, String command, java.util.function.Function<String, String> failed) {
        List<String> mergedFailures = new ArrayList<>();
        failures.stream().filter(f -> !ran.contains(failed.apply(f))).forEach(mergedFailures::add);
        mergedFailures.addAll(fresh.failures());
        List<Rerun> mergedReruns = new ArrayList<>(reruns);
        mergedReruns.add(new Rerun(List.copyOf(ran), command, fresh.generatedAt(), fresh.minutes(),
                fresh.machine().loadAverage()));
        boolean compare = ran.contains("compare");
        return new Results(generatedAt, minutes, machine, plan, compare ? fresh.model() : model,
                compare ? fresh.modelBytes() : modelBytes, compare ? fresh.settings() : settings,
                compare ? fresh.threadsChoice() : threadsChoice, compare ? fresh.helixLoadMillis() : helixLoadMillis,
                ran.contains("jmh") ? fresh.jmh() : jmh, ran.contains("startup") ? fresh.startup() : startup,
                compare ? fresh.overhead() : overhead, compare ? fresh.concurrency() : concurrency,
                compare ? fresh.helixChat() : helixChat, compare ? fresh.directChat() : directChat,
                compare ? fresh.runner() : runner, ran.contains("leak") ? fresh.leak() : leak,
                ran.contains("threads") ? fresh.threads() : threads, ran.contains("proxy") ? fresh.proxy() : proxy,
                ran.contains("proxy") ? fresh.proxyShared() : proxyShared,
                ran.contains("engines") ? fresh.engines() : engines, mergedFailures, mergedReruns);
    }
}
