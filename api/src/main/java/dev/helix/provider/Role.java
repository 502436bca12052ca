package dev.helix.provider;

import java.util.Locale;

/** Who said a chat message. */
public enum Role {
    SYSTEM, USER, ASSISTANT, TOOL;

    /** The lower-case name chat templates and both APIs use. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
