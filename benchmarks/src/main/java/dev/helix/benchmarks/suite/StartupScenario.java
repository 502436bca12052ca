package dev.helix.benchmarks.suite;

import dev.helix.benchmarks.load.Distribution;
import dev.helix.benchmarks.load.HelixProcess;
import dev.helix.benchmarks.load.ProcFs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code java -jar helix.jar serve} with no model: time to the first answered {@code GET /}, and idle memory. Each
 * start is timed beside a bare JVM's ({@code java -version}) and beside two ways to start faster that need no code
 * change, measured in turn: a dynamic AppCDS archive of the jar's classes (recorded by one run first), and that
 * archive with the C1 compiler only (no C2 compiling on the cores the server needs).
 */
final class StartupScenario {
    /** Idle figures are read this long after the server answered, once start-up work has settled. */
    static final Duration SETTLE = Duration.ofSeconds(3);

    record Result(int runs, Distribution startMillis, Distribution bareJvmMillis, Distribution appCdsMillis,
                  Distribution appCdsC1Millis, Distribution idleRssMb, Distribution idleThreads) {}

    private StartupScenario() {}

    static Result run(Path helixJar, Path folder, int runs) throws IOException, InterruptedException {
        Files.createDirectories(folder.resolve("no-models"));
        Path config = folder.resolve("models.yaml");
        Files.writeString(config, "models_dir: " + folder.resolve("no-models").toAbsolutePath() + "\n");
        double[] start = new double[runs];
        double[] bare = new double[runs];
        double[] cds = new double[runs];
        double[] cdsC1 = new double[runs];
        Path archive = folder.resolve("helix.jsa");
        Files.deleteIfExists(archive);
        List<String> args = List.of("--config", config.toString());
        try (var recording = HelixProcess.start(HelixProcess.jar(helixJar, List.of("-XX:ArchiveClassesAtExit=" + archive)),
                args, folder.resolve("serve-archive.log"), Duration.ofSeconds(60))) {
            Thread.sleep(500); // the archive is written when the server ends
        }
        List<String> withArchive = Files.isRegularFile(archive) ? List.of("-XX:SharedArchiveFile=" + archive) : List.of();
        double[] rss = new double[runs];
        double[] threads = new double[runs];
        for (int i = 0; i < runs; i++) {
            bare[i] = bareJvmMillis();
            cds[i] = withArchive.isEmpty() ? Double.NaN : startMillis(helixJar, withArchive, args, folder.resolve("serve-cds.log"));
            List<String> c1 = new java.util.ArrayList<>(withArchive);
            c1.add("-XX:TieredStopAtLevel=1");
            cdsC1[i] = withArchive.isEmpty() ? Double.NaN : startMillis(helixJar, c1, args, folder.resolve("serve-cds-c1.log"));
            try (var helix = HelixProcess.start(HelixProcess.jar(helixJar), args,
                    folder.resolve("serve-" + i + ".log"), Duration.ofSeconds(60))) {
                start[i] = helix.startToReadyNanos() / 1e6;
                Thread.sleep(SETTLE);
                var status = ProcFs.status(helix.pid()).orElseThrow(() -> new UncheckedIOException(
                        new IOException("cannot read /proc for the server")));
                rss[i] = status.rssKb() / 1024.0;
                threads[i] = status.threads();
            }
        }
        return new Result(runs, Distribution.of(start), Distribution.of(bare), Distribution.of(cds),
                Distribution.of(cdsC1), Distribution.of(rss), Distribution.of(threads));
    }

    private static double startMillis(Path jar, List<String> jvmOptions, List<String> args, Path log) {
        try (var helix = HelixProcess.start(HelixProcess.jar(jar, jvmOptions), args, log, Duration.ofSeconds(60))) {
            return helix.startToReadyNanos() / 1e6;
        }
    }

    /** How long this machine takes now to start a JVM that does nothing and end it. */
    static double bareJvmMillis() throws IOException, InterruptedException {
        long begin = System.nanoTime();
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        p.waitFor();
        return (System.nanoTime() - begin) / 1e6;
    }
}
