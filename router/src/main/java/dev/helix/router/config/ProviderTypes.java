package dev.helix.router.config;

import dev.helix.providers.upstream.ServerKind;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The words {@code type:} takes: each server kind's name in lower case with dashes ({@code lm-studio},
 * {@code text-generation-webui}), a few common spellings, and {@code openai} for any other OpenAI-compatible server.
 */
public final class ProviderTypes {
    /** Any OpenAI-compatible server Helix has no profile for. */
    public static final String OPENAI = "openai";

    private static final Map<String, String> SPELLINGS = spellings();

    private static Map<String, String> spellings() {
        var spellings = new LinkedHashMap<String, String>();
        for (ServerKind kind : ServerKind.values()) {
            if (kind != ServerKind.OPENAI_COMPATIBLE) {
                spellings.put(canonical(kind), canonical(kind));
            }
        }
        spellings.put(OPENAI, OPENAI);
        spellings.put("openai-compatible", OPENAI);
        spellings.put("lmstudio", "lm-studio");
        spellings.put("kobold", "koboldcpp");
        spellings.put("koboldai", "koboldcpp");
        spellings.put("oobabooga", "text-generation-webui");
        spellings.put("mistral.rs", "mistralrs");
        spellings.put("llama.cpp", "llama-server");
        spellings.put("llamacpp", "llama-server");
        spellings.put("tabby", "tabbyapi");
        spellings.put("mlx-lm", "mlx");
        return Map.copyOf(spellings);
    }

    private ProviderTypes() {
    }

    /** The canonical word for a spelling, or empty when it names no known kind. */
    public static Optional<String> canonical(String given) {
        return Optional.ofNullable(SPELLINGS.get(given.strip().toLowerCase(Locale.ROOT).replace('_', '-')));
    }

    /** The kind a canonical word names ({@link #OPENAI}: the generic OpenAI-compatible profile). */
    public static Optional<ServerKind> kind(String canonical) {
        if (OPENAI.equals(canonical)) {
            return Optional.of(ServerKind.OPENAI_COMPATIBLE);
        }
        for (ServerKind kind : ServerKind.values()) {
            if (canonical(kind).equals(canonical)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    public static String canonical(ServerKind kind) {
        return kind == ServerKind.OPENAI_COMPATIBLE ? OPENAI : kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Every word, for messages. */
    public static String known() {
        return String.join(", ", new java.util.TreeSet<>(SPELLINGS.values()));
    }
}
