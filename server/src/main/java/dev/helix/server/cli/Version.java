package dev.helix.server.cli;

import picocli.CommandLine;

/** Helix's version: the jar manifest's Implementation-Version, or "dev" when run from classes. */
public final class Version implements CommandLine.IVersionProvider {

    public static String current() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }

    @Override
    public String[] getVersion() {
        return new String[] {"helix " + current() + " (llama.cpp b4916 via de.kherud:llama 4.2.0, Java "
                + Runtime.version().feature() + ")"};
    }
}
