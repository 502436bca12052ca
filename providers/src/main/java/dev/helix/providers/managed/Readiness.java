package dev.helix.providers.managed;

/** Whether a started server answers on its port yet; polled until it does or the start times out. Never throws. */
@FunctionalInterface
public interface Readiness {
    boolean ready(int port);
}
