package dev.helix.router;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Which files in a models directory are models, and what they are called. */
public final class GgufFiles {
    private static final String EXTENSION = ".gguf";
    /** llama.cpp's gguf-split naming: {@code name-00001-of-00003.gguf}. */
    private static final Pattern SPLIT_PART = Pattern.compile("(.+)-(\\d{5})-of-(\\d{5})");

    private GgufFiles() {}

    /**
     * The model id a file stands for, or empty when it is not a model to list: not {@code *.gguf}
     * (any case), hidden, a multimodal projector ({@code mmproj} in the name), or a split part after the first.
     */
    public static Optional<String> modelId(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (!lower.endsWith(EXTENSION) || lower.length() == EXTENSION.length() || fileName.startsWith(".")
                || lower.contains("mmproj")) {
            return Optional.empty();
        }
        String base = fileName.substring(0, fileName.length() - EXTENSION.length());
        var split = SPLIT_PART.matcher(base);
        if (split.matches()) {
            return Integer.parseInt(split.group(2)) == 1 ? Optional.of(split.group(1)) : Optional.empty();
        }
        return Optional.of(base);
    }

    /** Whether a file name is a vision projector ({@code mmproj} in a {@code *.gguf} name). */
    public static boolean isProjector(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        return lower.endsWith(EXTENSION) && lower.contains("mmproj") && !fileName.startsWith(".");
    }

    /** The number of parts of a split model's first file ({@code -00001-of-00003}: 3), else 1. */
    public static int parts(String fileName) {
        String base = fileName.toLowerCase(Locale.ROOT).endsWith(EXTENSION)
                ? fileName.substring(0, fileName.length() - EXTENSION.length())
                : fileName;
        var split = SPLIT_PART.matcher(base);
        return split.matches() ? Integer.parseInt(split.group(3)) : 1;
    }

    /** The file name without ".gguf" and without a split-part suffix. */
    public static String stem(String fileName) {
        String base = fileName.toLowerCase(Locale.ROOT).endsWith(EXTENSION)
                ? fileName.substring(0, fileName.length() - EXTENSION.length())
                : fileName;
        var split = SPLIT_PART.matcher(base);
        return split.matches() ? split.group(1) : base;
    }
}
