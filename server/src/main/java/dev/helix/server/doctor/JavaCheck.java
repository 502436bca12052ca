package dev.helix.server.doctor;

/** The Java running Helix: its version (21 or later is needed) and vendor. */
public final class JavaCheck {
    static final int NEEDED = 21;

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
