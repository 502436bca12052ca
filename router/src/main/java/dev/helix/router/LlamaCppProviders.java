package dev.helix.router;

import dev.helix.runtime.llamacpp.LlamaCppProvider;
import dev.helix.runtime.llamacpp.RunnerProvider;
import dev.helix.runtime.llamacpp.RunnerSettings;
import java.time.Duration;

/** The ways to serve GGUF models with the embedded llama.cpp runtime. */
public final class LlamaCppProviders {
    private LlamaCppProviders() {}

    /**
     * Each model in its own runner process: unloading ends the process, so the memory really comes back, and a
     * native crash costs one runner, not the server. What {@code helix serve} uses.
     */
    public static ProviderFactory runners(RunnerSettings settings) {
        return runners(settings, dev.helix.events.HelixEvents.NONE);
    }

    /**
     * The same, publishing each runner's start and unrequested death to {@code events} (wrap them in a
     * {@link CrashWatch} to hear of recoveries and crash loops too).
     */
    public static ProviderFactory runners(RunnerSettings settings, dev.helix.events.HelixEvents events) {
        return entry -> {
            RunnerProvider runner = RunnerProvider.start(entry.id(), entry.path(), entry.options(), settings);
            long pid = runner.pid();
            events.publish(new dev.helix.events.HelixEvent.RunnerStarted(entry.id(), pid));
            runner.whenDead(why -> events.publish(new dev.helix.events.HelixEvent.RunnerCrashed(entry.id(), pid, why)));
            return runner;
        };
    }

    /**
     * Models inside this JVM, for programs that embed Helix as a library and cannot start processes. The
     * binding frees no native memory when a model is closed (upstream #102), so every unload leaks the model's
     * memory for the life of the process, and a native crash ends the whole program: keep few models loaded
     * (max_loaded_models 1) and unload rarely.
     */
    public static ProviderFactory inline(Duration queueTimeout) {
        return entry -> LlamaCppProvider.load(entry.id(), entry.path(), entry.options(), queueTimeout);
    }
}
