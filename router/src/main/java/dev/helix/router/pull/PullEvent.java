package dev.helix.router.pull;

/**
 * One line of a pull's progress, in Ollama's shape: {@code pulling manifest}, {@code downloading <digest>} (from
 * Ollama's registry {@code pulling <12 hex digits>}) with {@code total} and {@code completed} bytes, {@code verifying sha256 digest}, {@code writing manifest},
 * {@code success}.
 *
 * @param status    what is happening
 * @param digest    the file's {@code sha256:...} (or its name when the source publishes no digest), or null
 * @param total     the file's bytes, or null
 * @param completed the bytes on disk so far, or null
 */
public record PullEvent(String status, String digest, Long total, Long completed) {
    public static PullEvent status(String status) {
        return new PullEvent(status, null, null, null);
    }

    public static PullEvent downloading(String digest, long total, long completed) {
        return new PullEvent("downloading " + digest, digest, total, completed);
    }

    /** A blob of Ollama's registry, as Ollama reports it: {@code pulling} and the first 12 hex digits of its digest. */
    public static PullEvent pulling(String digest, long total, long completed) {
        String hex = digest.startsWith("sha256:") ? digest.substring("sha256:".length()) : digest;
        return new PullEvent("pulling " + hex.substring(0, Math.min(12, hex.length())), digest, total, completed);
    }
}
