package dev.helix.server.doctor;

import java.util.Objects;

/**
 * One line of {@code helix doctor}: what was checked, how it went, what was found, and what to do when it is not ok.
 *
 * @param name   what was checked ({@code java}, {@code cpu}, {@code port}, ...)
 * @param status ok, warn or fail
 * @param detail what was found, one line
 * @param fix    what to do about it; null when the status is ok
 */
public record Check(String name, Status status, String detail, String fix) {
    /** How a check went: only a {@link #FAIL} makes the doctor exit 1. */
    public enum Status {
        OK, WARN, FAIL;

        /** As printed: {@code ok}, {@code warn}, {@code fail}. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Check {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
        if (status != Status.OK && (fix == null || fix.isBlank())) {
            throw new IllegalArgumentException("a " + status.label() + " check says how to fix it: " + name);
        }
    }

    public static Check ok(String name, String detail) {
        return new Check(name, Status.OK, detail, null);
    }

    public static Check warn(String name, String detail, String fix) {
        return new Check(name, Status.WARN, detail, fix);
    }

    public static Check fail(String name, String detail, String fix) {
        return new Check(name, Status.FAIL, detail, fix);
    }
}
