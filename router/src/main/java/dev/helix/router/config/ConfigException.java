package dev.helix.router.config;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * models.yaml cannot be used. The message has one line per problem, each saying where it is:
 * {@code models.yaml: models[1].path: required}.
 */
public final class ConfigException extends RuntimeException {
    private final transient Path source;
    private final List<String> problems;

    ConfigException(Path source, List<String> problems, Throwable cause) {
        super(problems.stream().map(p -> source + ": " + p).collect(Collectors.joining("\n")), cause);
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    /** The file at fault. */
    public Path source() {
        return source;
    }

    /** Each problem as "location: what is wrong", without the file name. */
    public List<String> problems() {
        return problems;
    }
}
