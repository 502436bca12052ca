package dev.helix.server.cli;

import dev.helix.provider.ChatMessage;
import dev.helix.provider.Role;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code helix run MODEL} on a terminal without a prompt: a chat, as {@code ollama run} has it. Each answer sees the
 * conversation so far; {@code """} starts and ends a message of several lines; {@code /set parameter NAME VALUE}
 * (temperature, num_predict, seed), {@code /set system TEXT}, {@code /clear}, {@code /bye} (or end of input), and
 * {@code /?} for help.
 */
final class InteractiveChat {
    /** Answers a conversation, streaming the text to {@code out}; returns the whole answer. */
    @FunctionalInterface
    interface Backend {
        String answer(List<ChatMessage> messages, Parameters parameters, PrintStream out) throws Exception;
    }

    /** What /set changes; null = the model's default. */
    static final class Parameters {
        Double temperature;
        Integer maxTokens;
        Long seed;
        String system;
    }

    private static final String HELP = """
            Available commands:
              /set parameter temperature|num_predict|seed VALUE
              /set system TEXT
              /clear          forget the conversation so far
              /bye            leave
              /?              this help
            Use \"\"\" to begin and end a message of several lines.""";

    private final BufferedReader in;
    private final PrintStream out;
    private final Backend backend;
    private final Parameters parameters;
    private final List<ChatMessage> history = new ArrayList<>();

    InteractiveChat(BufferedReader in, PrintStream out, Backend backend, Parameters parameters) {
        this.in = in;
        this.out = out;
        this.backend = backend;
        this.parameters = parameters;
    }

    void run() throws Exception {
        while (true) {
            out.print(">>> ");
            out.flush();
            String line = in.readLine();
            if (line == null) {
                out.println();
                return;
            }
            String text = line.strip();
            if (text.startsWith("\"\"\"")) {
                text = multiLine(text.substring(3));
                if (text == null) {
                    out.println();
                    return;
                }
            } else if (text.startsWith("/")) {
                if (!command(text)) {
                    return;
                }
                continue;
            }
            if (text.isBlank()) {
                continue;
            }
            history.add(new ChatMessage(Role.USER, text));
            var messages = new ArrayList<ChatMessage>();
            if (parameters.system != null) {
                messages.add(new ChatMessage(Role.SYSTEM, parameters.system));
            }
            messages.addAll(history);
            try {
                String answer = backend.answer(messages, parameters, out);
                history.add(new ChatMessage(Role.ASSISTANT, answer));
            } catch (CliException e) {
                history.removeLast();
                out.print("Error: " + e.getMessage());
            }
            out.println();
            out.println();
        }
    }

    /** Lines up to one that ends with """; null at the end of input. */
    private String multiLine(String first) throws IOException {
        var text = new StringBuilder();
        String line = first;
        while (true) {
            int end = line.indexOf("\"\"\"");
            if (end >= 0) {
                text.append(line, 0, end);
                return text.toString().strip();
            }
            text.append(line).append('\n');
            out.print("... ");
            out.flush();
            line = in.readLine();
            if (line == null) {
                return null;
            }
        }
    }

    /** Runs a /command; false to leave. */
    private boolean command(String text) {
        String[] words = text.split("\\s+", 4);
        switch (words[0]) {
            case "/bye", "/exit" -> {
                return false;
            }
            case "/clear" -> {
                history.clear();
                out.println("Cleared session context");
            }
            case "/?", "/help" -> out.println(HELP);
            case "/set" -> set(words, text);
            default -> out.println("Unknown command '" + words[0] + "'. Type /? for help");
        }
        return true;
    }

    private void set(String[] words, String text) {
        if (words.length >= 3 && words[1].equals("system")) {
            parameters.system = text.substring(text.indexOf("system") + "system".length()).strip();
            out.println("Set system message.");
            return;
        }
        if (words.length != 4 || !words[1].equals("parameter")) {
            out.println("Usage: /set parameter NAME VALUE, or /set system TEXT");
            return;
        }
        String name = words[2].toLowerCase(Locale.ROOT);
        String value = words[3].strip();
        try {
            switch (name) {
                case "temperature" -> parameters.temperature = Double.parseDouble(value);
                case "num_predict" -> parameters.maxTokens = Integer.parseInt(value);
                case "seed" -> parameters.seed = Long.parseLong(value);
                default -> {
                    out.println("Unknown parameter '" + name + "' (temperature, num_predict, seed)");
                    return;
                }
            }
        } catch (NumberFormatException e) {
            out.println("'" + value + "' is not a number");
            return;
        }
        out.println("Set parameter '" + name + "' to '" + value + "'");
    }
}
