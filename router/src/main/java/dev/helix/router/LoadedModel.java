package dev.helix.router;

import java.time.Instant;

/**
 * A model the router holds loaded.
 *
 * @param entry          the catalog entry
 * @param loadedAt       when its load finished
 * @param expiresAt      when it unloads if unused; null = never (keep_alive negative) or in use
 * @param activeRequests open leases
 */
public record LoadedModel(ModelEntry entry, Instant loadedAt, Instant expiresAt, int activeRequests) {}
