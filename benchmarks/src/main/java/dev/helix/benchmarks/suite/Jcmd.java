package dev.helix.benchmarks.suite;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The JDK's {@code jcmd}, for a full GC in another JVM before its memory is read. */
final class Jcmd {
    private Jcmd() {}

    /** Asks the JVM {@code pid} for a full GC and waits for it; does nothing if jcmd is missing or fails. */
    static void gc(long pid) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            // no jcmd (a JRE): readings include uncollected heap
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
