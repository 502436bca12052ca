package dev.helix.router.store;

import dev.helix.provider.InvalidRequestException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The part of Ollama's Modelfile Helix makes variants from: {@code FROM}, {@code SYSTEM}, {@code TEMPLATE} and
 * {@code PARAMETER} (values bare, {@code "quoted"} or {@code """multi-line"""}; {@code #} comments; {@code stop}
 * repeatable). {@code LICENSE} is accepted and ignored; any other instruction is refused, naming it.
 *
 * @param from       the base model's name
 * @param preset     what the variant adds
 */
public record Modelfile(String from, ModelPreset preset) {
    static final Set<String> INTEGERS = Set.of("num_ctx", "num_predict", "top_k", "repeat_last_n", "seed", "num_gpu",
            "num_thread", "num_batch", "num_keep");
    static final Set<String> NUMBERS = Set.of("temperature", "top_p", "min_p", "repeat_penalty", "presence_penalty",
            "frequency_penalty", "typical_p");

    public static Modelfile parse(String text) {
        String from = null;
        String system = null;
        String template = null;
        Map<String, Object> parameters = new LinkedHashMap<>();
        List<String> stops = new ArrayList<>();
        String[] lines = text.replace("\r\n", "\n").split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int space = line.indexOf(' ');
            String instruction = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
            String rest = space < 0 ? "" : line.substring(space + 1).strip();
            if (rest.startsWith("\"\"\"")) {
                var value = new StringBuilder(rest.substring(3));
                while (!value.toString().endsWith("\"\"\"")) {
                    if (++i >= lines.length) {
                        throw invalid("line " + (i) + ": \"\"\" is never closed");
                    }
                    value.append('\n').append(lines[i]);
                }
                rest = value.substring(0, value.length() - 3);
            } else if (rest.length() >= 2 && rest.startsWith("\"") && rest.endsWith("\"")) {
                rest = rest.substring(1, rest.length() - 1).replace("\\\"", "\"");
            }
            switch (instruction) {
                case "FROM" -> from = rest;
                case "SYSTEM" -> system = rest;
                case "TEMPLATE" -> template = rest;
                case "PARAMETER" -> parameter(rest, parameters, stops);
                case "LICENSE" -> { } // kept by Ollama for display; nothing to do
                default -> throw invalid("line " + (i + 1) + ": " + instruction + " is not supported (Helix makes "
                        + "models from FROM, SYSTEM, TEMPLATE and PARAMETER)");
            }
        }
        if (!stops.isEmpty()) {
            parameters.put("stop", List.copyOf(stops));
        }
        if (from == null || from.isBlank()) {
            throw invalid("a Modelfile needs FROM <model>");
        }
        return new Modelfile(from, new ModelPreset(system, template, parameters));
    }

    private static void parameter(String rest, Map<String, Object> parameters, List<String> stops) {
        String[] kv = rest.split("\\s+", 2);
        if (kv.length < 2) {
            throw invalid("PARAMETER needs a name and a value: " + rest);
        }
        String key = kv[0].toLowerCase(Locale.ROOT);
        String value = kv[1].strip();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        try {
            if (key.equals("stop")) {
                stops.add(value);
            } else if (INTEGERS.contains(key)) {
                parameters.put(key, Long.parseLong(value));
            } else if (NUMBERS.contains(key)) {
                parameters.put(key, Double.parseDouble(value));
            } else {
                throw invalid("PARAMETER " + key + " is not a parameter Helix knows");
            }
        } catch (NumberFormatException e) {
            throw invalid("PARAMETER " + key + " must be a number, not \"" + value + "\"");
        }
    }

    private static InvalidRequestException invalid(String message) {
        return new InvalidRequestException("modelfile: " + message, "modelfile");
    }
}
