package dev.helix.providers.upstream;

/** Where a server looks for an API key. */
public enum AuthHeader {
    /** {@code Authorization: Bearer <key>}. */
    BEARER("Authorization", "Bearer "),
    /** {@code X-API-Key: <key>} (LocalAI, TabbyAPI). */
    X_API_KEY("X-API-Key", "");

    private final String header;
    private final String prefix;

    AuthHeader(String header, String prefix) {
        this.header = header;
        this.prefix = prefix;
    }

    /** The header's name. */
    public String header() {
        return header;
    }

    /** The header's value for a key. */
    public String value(String key) {
        return prefix + key;
    }
}
