package dev.helix.benchmarks.suite;

import dev.helix.benchmarks.load.ChatScenario;
import java.util.List;

/**
 * Everything one suite run measured; null where a scenario was skipped. Written as results.json next to the
 * generated RESULTS.md.
 *
 * @param model           the generated model the comparisons use, and its size
 * @param settings        the load options Helix and the baseline share
 * @param helixLoadMillis how long Helix took to load the model (runner start included)
 */
record Results(String generatedAt, double minutes, Machine machine, Plan plan, String model, long modelBytes,
               Direct.Settings settings, String threadsChoice, double helixLoadMillis,
               JmhScenario.Result jmh, StartupScenario.Result startup, OverheadScenario.Result overhead,
               ConcurrencyScenario.Result concurrency, ChatScenario.Report helixChat, ChatScenario.Report directChat,
               RunnerMemoryScenario.Result runner, LeakScenario.Result leak, ThreadsScenario.Result threads,
               List<String> failures) {}
