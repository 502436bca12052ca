package dev.helix.benchmarks.suite;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The JDK's {@code jcmd}, for a full GC in another JVM before its memory is read. */
final class Jcmd {
    private Jcmd() {}

    /** The JVM's heap in use (kB) from {@code GC.heap_info}'s first "used" figure, or -1 when it cannot say. */
    static long heapUsedKb(long pid) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.heap_info")
                    .redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            var m = java.util.regex.Pattern.compile("used (\\d+)K").matcher(text);
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

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
