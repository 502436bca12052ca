package dev.helix.provider;

/** Whether a provider can take requests. UNKNOWN: not checked yet (a remote backend before its first probe). */
public record Health(Status status, String detail) {
    public enum Status { UP, LOADING, DOWN, UNKNOWN }

    public static final Health UNKNOWN = new Health(Status.UNKNOWN, "not checked yet");

    public static Health up() {
        return new Health(Status.UP, "ok");
    }

    public static Health down(String why) {
        return new Health(Status.DOWN, why);
    }
}
