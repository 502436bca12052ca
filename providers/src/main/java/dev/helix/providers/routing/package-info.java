/**
 * Several backends behind one public model name: a {@link dev.helix.providers.routing.BackendGroup} orders its
 * {@link dev.helix.providers.routing.Target}s by a {@link dev.helix.providers.routing.Strategy}, skips backends
 * whose {@link dev.helix.providers.routing.CircuitBreaker} is open, retries with backoff and fails over only before
 * the first chunk reaches the caller. Time is injected everywhere (a nanosecond clock and a
 * {@link dev.helix.providers.routing.Pause}), so every behaviour is testable without waiting.
 */
package dev.helix.providers.routing;
