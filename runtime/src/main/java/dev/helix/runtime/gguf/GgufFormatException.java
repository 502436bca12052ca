package dev.helix.runtime.gguf;

/**
 * A file is not a well-formed GGUF file: bad magic, unsupported version, truncated data, or a length,
 * count or type that cannot be right. The message says what is wrong and where (a byte offset and the
 * header entry being read), e.g. {@code "truncated at byte 1234 while reading key #7 'tokenizer.ggml.tokens'"}.
 *
 * <p>Unchecked, because a malformed model file is a property of the input, not a condition callers can
 * retry; listing code typically catches it per file and reports the file as unreadable.
 */
public class GgufFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message that says what is wrong and where. */
    public GgufFormatException(String message) {
        super(message);
    }
}
