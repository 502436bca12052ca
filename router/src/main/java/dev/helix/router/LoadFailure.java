package dev.helix.router;

import java.time.Instant;

/**
 * The last failed load of a model, kept for display until a load of it succeeds.
 *
 * @param model   the catalog id
 * @param message why it failed (the {@link dev.helix.provider.ModelLoadException} message)
 * @param at      when it failed
 */
public record LoadFailure(String model, String message, Instant at) {}
