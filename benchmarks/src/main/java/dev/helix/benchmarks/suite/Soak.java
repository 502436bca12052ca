package dev.helix.benchmarks.suite;

import dev.helix.benchmarks.ModelFiles;
import dev.helix.runtime.gguf.GgmlType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The soak (not CI): many clients for minutes against the shipped jar on the tiny model while its runner is killed
 * and stopped, judged by how every request ends and by what the server and its runner hold afterwards. Writes its
 * section of RESULTS.md ({@link SoakMarkdown}). Run by {@code benchmarks/run.sh soak}.
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = "Many clients, disconnects and runner faults for minutes; writes the soak section of RESULTS.md.")
public final class Soak implements Callable<Integer> {
    @Option(names = "--clients", defaultValue = "50", description = "Concurrent clients.")
    int clients;

    @Option(names = "--minutes", defaultValue = "10", description = "Length of the soak, after the warm-up.")
    int minutes;

    @Option(names = "--warmup-seconds", defaultValue = "60", description = "Load without faults before the plateau.")
    int warmupSeconds;

    @Option(names = "--disconnect", defaultValue = "0.2", description = "Share of requests left after the first token.")
    double disconnect;

    @Option(names = "--fault-seconds", defaultValue = "60", description = "A kill and a stop this often.")
    int faultSeconds;

    @Option(names = "--out", defaultValue = "benchmarks/RESULTS.md", description = "The page to write the section into.")
    Path out;

    @Option(names = "--work", defaultValue = "benchmarks/target/bench",
            description = "Working folder: generated models (kept between runs), logs.")
    Path work;

    @Option(names = "--helix-jar", defaultValue = "server/target/helix.jar", description = "The jar to serve with.")
    Path helixJar;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Soak()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(helixJar)) {
            throw new IllegalStateException(helixJar + " is missing: build first (benchmarks/run.sh does)");
        }
        long started = System.nanoTime();
        String when = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        Path tiny = new ModelFiles(work.resolve("models")).get(ModelFiles.Preset.TINY, GgmlType.F16);
        Path folder = work.resolve("soak");
        // The server's own temp folder, so its runner folders are counted apart from anything else's; short, since
        // a runner's socket path there must fit a Unix socket address (108 bytes).
        Path tmp = Files.createTempDirectory("helix-soak-");
        var settings = new SoakScenario.Settings(clients, Duration.ofSeconds(warmupSeconds),
                Duration.ofMinutes(minutes), disconnect, Duration.ofSeconds(faultSeconds), Duration.ofSeconds(120), 32,
                Duration.ofSeconds(10), Duration.ofSeconds(30));
        String yaml = "queue_timeout: " + settings.queueTimeout().toSeconds() + "s\nrunner_stall_timeout: "
                + settings.stallTimeout().toSeconds() + "s\n";
        SoakScenario.Result result;
        try (var helix = HelixUnderTest.start(helixJar, folder, Map.of("tiny", tiny),
                new HelixUnderTest.Options(512, 4, 1), yaml, List.of("-Djava.io.tmpdir=" + tmp.toAbsolutePath()))) {
            helix.load("tiny");
            result = SoakScenario.run(helix, "tiny", settings, tmp);
        }
        double took = (System.nanoTime() - started) / 60e9;
        String section = SoakMarkdown.render(result, "benchmarks/run.sh soak", when, took,
                tiny.getFileName().toString(), Machine.loadAverageNow());
        String page = Files.exists(out) ? Files.readString(out) : "# Helix benchmark results\n";
        Files.writeString(out, SoakMarkdown.into(page, section));
        System.out.println("wrote the soak section of " + out + "; " + result.defects() + " request(s) hung or failed "
                + "outside the API's shape");
        return result.defects() == 0 ? 0 : 1;
    }
}
