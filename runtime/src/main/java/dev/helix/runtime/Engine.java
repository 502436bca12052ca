package dev.helix.runtime;

import java.util.Locale;

/**
 * What runs a GGUF model: {@link #BINDING}, the JNI binding's llama-server (the default), or {@link #FFM}, Helix's
 * own decode loop over llama.cpp's C API (continuous batching, memory returned on unload). models.yaml says
 * {@code engine: ffm} per model or in {@code defaults}.
 */
public enum Engine {
    BINDING,
    FFM;

    /** The name in models.yaml. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The engine named {@code text} (case-insensitive), or null. */
    public static Engine parse(String text) {
        for (Engine e : values()) {
            if (e.wireName().equalsIgnoreCase(text)) {
                return e;
            }
        }
        return null;
    }
}
