package dev.helix.runtime;

import java.util.Objects;

/** One message of a chat. */
public record ChatMessage(Role role, String content) {
    public ChatMessage {
        Objects.requireNonNull(role, "role");
        content = content == null ? "" : content;
    }
}
