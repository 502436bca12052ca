package dev.helix.runtime.ffm;

/**
 * The library at hand is not the llama.cpp C API whose layouts this engine was written for: a symbol is missing, or
 * the default parameters it returns do not read back as that generation's defaults (a struct that changed shape).
 * Thrown before any struct is passed to the library, so a mismatch is a message, never a crash.
 */
public final class LibraryMismatchException extends RuntimeException {
    public LibraryMismatchException(String message) {
        super(message);
    }
}
