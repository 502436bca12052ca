package dev.helix.server.cli;

/** A problem the user can fix, reported as one line on stderr with exit status 1. */
final class CliException extends RuntimeException {
    CliException(String message) {
        super(message);
    }
}
