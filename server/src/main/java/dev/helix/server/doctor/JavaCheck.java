package dev.helix.server.doctor;

/** The Java running Helix: its version (25 or later is needed: the jar is compiled for 25) and vendor. */
public final class JavaCheck {
    static final int NEEDED = 25;

    private JavaCheck() {}

    public static Check of(Runtime.Version version, String vendor, String home) {
        String detail = "Java " + version + " (" + vendor + "), " + home;
        if (version.feature() < NEEDED) {
            return Check.fail("java", detail, "install Java " + NEEDED + " or later (e.g. Eclipse Temurin) and run "
                    + "helix with it");
        }
        return Check.ok("java", detail);
    }

    public static Check current() {
        return of(Runtime.version(), System.getProperty("java.vendor", "unknown vendor"),
                System.getProperty("java.home", "?"));
    }
}
