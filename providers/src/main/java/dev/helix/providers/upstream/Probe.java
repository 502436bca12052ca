package dev.helix.providers.upstream;

import java.util.Objects;

/** A {@code GET path} and what its answer must look like. */
public record Probe(String path, Answer answer) {
    public Probe {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(answer, "answer");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("a probe path starts with /: " + path);
        }
    }

    public boolean matches(Reply reply) {
        return answer.matches(reply);
    }

    /** Words for logs and evidence: {@code GET /path → what}. */
    public String describe() {
        return "GET " + path + " → " + answer.describe();
    }
}
