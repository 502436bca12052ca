package dev.helix.server.ollama.gotemplate;

/** A template that cannot be parsed or executed, with Go's kind of reason. */
public final class TemplateError extends RuntimeException {
    public TemplateError(String message) {
        super(message, null, false, false);
    }
}
