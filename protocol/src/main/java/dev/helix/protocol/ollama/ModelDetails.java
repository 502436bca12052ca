package dev.helix.protocol.ollama;

import java.util.List;

/** The {@code details} object of tags, show and ps. */
public record ModelDetails(String parentModel, String format, String family, List<String> families,
                           String parameterSize, String quantizationLevel) {}
