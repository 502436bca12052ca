package dev.helix.benchmarks;

/** A problem the user of the load tool can fix, reported as one line on stderr with exit status 1. */
final class BenchException extends RuntimeException {
    BenchException(String message) {
        super(message);
    }
}
