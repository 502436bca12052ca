package dev.helix.server.cli;

/**
 * The jar's Main-Class. It is compiled for Java 8 (a second compiler execution in server/pom.xml), so that an older
 * {@code java -jar helix.jar} can load it and say in one line what is wrong, instead of failing with an
 * {@code UnsupportedClassVersionError} stack trace on the first Java 25 class. Nothing else is loaded before the
 * check. Java 8 language only in this file.
 */
public final class Entry {
    static final int REQUIRED = 25;

    private Entry() {
    }

    public static void main(String[] args) {
        int feature = feature(System.getProperty("java.specification.version", ""));
        if (feature < REQUIRED) {
            System.err.println("helix: needs Java " + REQUIRED + " or newer; this is Java "
                    + (feature > 0 ? String.valueOf(feature) : "of an unknown version") + " ("
                    + System.getProperty("java.home") + ")");
            System.exit(1);
        }
        Main.main(args);
    }

    /** The feature release in a specification version: "1.8" is 8, "17" is 17; 0 when unreadable. */
    static int feature(String specification) {
        String s = specification.startsWith("1.") ? specification.substring(2) : specification;
        int end = 0;
        while (end < s.length() && Character.isDigit(s.charAt(end))) {
            end++;
        }
        return end == 0 ? 0 : Integer.parseInt(s.substring(0, end));
    }
}
