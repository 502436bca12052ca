package dev.helix.provider;

/** Whether a provider can take requests. */
public record Health(Status status, String detail) {
    public enum Status { UP, LOADING, DOWN }

    public static Health up() {
        return new Health(Status.UP, "ok");
    }

    public static Health down(String why) {
        return new Health(Status.DOWN, why);
    }
}
