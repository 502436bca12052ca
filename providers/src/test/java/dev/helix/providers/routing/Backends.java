package dev.helix.providers.routing;

import dev.helix.provider.ChatMessage;
import dev.helix.provider.ChatRequest;
import dev.helix.provider.GenerationOptions;
import dev.helix.provider.Role;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/** Test fixtures: backends over scripted providers on a clock the test moves, pauses recorded, never slept. */
final class Backends {
    final AtomicLong clock = new AtomicLong();
    final List<Duration> pauses = new ArrayList<>();
    final List<CircuitBreaker.Transition> transitions = new ArrayList<>();

    Backend backend(ScriptedProvider provider, int priority, int weight, int maxInFlight) {
        return new Backend(provider, new Backend.Settings(priority, weight, maxInFlight),
                new CircuitBreaker(provider.id(), new CircuitBreaker.Settings(3, Duration.ofSeconds(30)), clock::get,
                        transitions::add));
    }

    Backend backend(ScriptedProvider provider) {
        return backend(provider, 100, 1, 0);
    }

    BackendGroup group(Strategy strategy, RetryPolicy retry, Target... targets) {
        return new BackendGroup("m", List.of(targets), new BackendGroup.Settings(strategy, retry, pauses::add,
                new SplittableRandom(1), clock::get));
    }

    static ChatRequest chat() {
        return new ChatRequest("m", List.of(new ChatMessage(Role.USER, "hi")), GenerationOptions.DEFAULTS);
    }
}
