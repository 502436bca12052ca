package dev.helix.providers.discovery;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A model a discovered server lists.
 *
 * @param id            the name to send as {@code model}
 * @param ownedBy       its {@code owned_by}, where the listing gives one
 * @param contextLength its context window in tokens, where the listing gives one
 * @param state         whether it is in memory, where the listing says
 */
public record DiscoveredModel(String id, Optional<String> ownedBy, OptionalInt contextLength, LoadState state) {

    public enum LoadState {
        LOADED,
        NOT_LOADED,
        /** Being loaded or reloaded (mistral.rs {@code reloading}). */
        LOADING,
        /** The listing does not say. */
        UNKNOWN
    }

    public DiscoveredModel {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(ownedBy, "ownedBy");
        Objects.requireNonNull(contextLength, "contextLength");
        Objects.requireNonNull(state, "state");
    }
}
