package dev.helix.events;

import java.time.Duration;
import java.util.Objects;

/**
 * Something that happened to Helix's backends, models or runners, for metrics, alerts and the dashboard. Each module
 * publishes what it sees through a {@link HelixEvents} given to it; none of them knows who listens.
 */
public sealed interface HelixEvent {
    /** The backend, model or provider the event is about. */
    String subject();

    /** One line for people: what happened and why. */
    String summary();

    /** An external backend's health probe failed where it had passed (or never passed). */
    record BackendDown(String subject, String detail) implements HelixEvent {
        public BackendDown {
            Objects.requireNonNull(subject, "subject");
        }

        @Override
        public String summary() {
            return "backend " + subject + " is down: " + detail;
        }
    }

    /** A backend that was down answers its health probe again. */
    record BackendUp(String subject, String detail) implements HelixEvent {
        @Override
        public String summary() {
            return "backend " + subject + " is back up" + (detail == null || detail.isBlank() ? "" : ": " + detail);
        }
    }

    /** A backend's circuit breaker changed state: {@code CLOSED}, {@code OPEN} or {@code HALF_OPEN}. */
    record BreakerChanged(String subject, String from, String to, String why) implements HelixEvent {
        @Override
        public String summary() {
            return "backend " + subject + ": circuit breaker " + from + " -> " + to + " (" + why + ")";
        }
    }

    /** A model finished loading. */
    record ModelLoaded(String subject, Duration took, long bytes) implements HelixEvent {
        @Override
        public String summary() {
            return "model " + subject + " loaded in " + took.toMillis() + " ms";
        }
    }

    /** A model was unloaded. */
    record ModelUnloaded(String subject, String why) implements HelixEvent {
        @Override
        public String summary() {
            return "model " + subject + " unloaded: " + why;
        }
    }

    /** A model could not be loaded. */
    record ModelLoadFailed(String subject, String reason) implements HelixEvent {
        @Override
        public String summary() {
            return "model " + subject + " failed to load: " + reason;
        }
    }

    /** A runner process started for a model. */
    record RunnerStarted(String subject, long pid) implements HelixEvent {
        @Override
        public String summary() {
            return "runner for model " + subject + " started (pid " + pid + ")";
        }
    }

    /** A runner process ended without being asked to: killed, crashed, out of memory. */
    record RunnerCrashed(String subject, long pid, String why) implements HelixEvent {
        @Override
        public String summary() {
            return "runner for model " + subject + " (pid " + pid + ") died: " + why;
        }
    }

    /** A model whose runner had died serves again from a new runner. */
    record RunnerRecovered(String subject, long pid) implements HelixEvent {
        @Override
        public String summary() {
            return "model " + subject + " recovered: a new runner serves it (pid " + pid + ")";
        }
    }

    /** A model's runner died {@code crashes} times within {@code window}: restarting it is not helping. */
    record RunnerCrashLoop(String subject, int crashes, Duration window) implements HelixEvent {
        @Override
        public String summary() {
            return "runner for model " + subject + " is crash-looping: " + crashes + " crashes within "
                    + window.toSeconds() + " s";
        }
    }

    /** A server Helix manages itself (starts, stops, restarts) failed. */
    record ManagedProviderFailed(String subject, String reason) implements HelixEvent {
        @Override
        public String summary() {
            return "managed provider " + subject + " failed: " + reason;
        }
    }

    /** A discovery scan finished: how many servers it found, and how many of them are new or gone since the last. */
    record DiscoveryScanned(String subject, int found, int added, int removed) implements HelixEvent {
        @Override
        public String summary() {
            return "discovery found " + found + " server(s): " + added + " new, " + removed + " gone";
        }
    }
}
