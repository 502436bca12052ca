package dev.helix.router.pull;

/**
 * Why a pull failed, in one line a person can act on, with the HTTP status the API answers with: 400 a bad name,
 * 404 nothing to pull under it, 502 the source cannot be reached or answered wrongly, 507 not enough disk space,
 * 500 the download does not match its published digest.
 */
public final class PullException extends RuntimeException {
    private final int status;

    public PullException(int status, String message) {
        super(message);
        this.status = status;
    }

    public PullException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
