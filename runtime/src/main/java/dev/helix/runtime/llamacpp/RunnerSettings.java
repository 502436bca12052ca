package dev.helix.runtime.llamacpp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How runner processes are started.
 *
 * @param java         the java launcher; by default the one running this process
 * @param classpath    the class path holding Helix and the binding; by default this process's (the fat jar when
 *                     run with {@code java -jar helix.jar})
 * @param jvmOptions   options for the runner JVM (small heap: model memory is native)
 * @param startTimeout how long a runner may take to start and connect
 * @param loadTimeout  how long a model load may take
 * @param queueTimeout how long a request may wait for a free KV cache slot
 */
public record RunnerSettings(Path java, String classpath, List<String> jvmOptions, Duration startTimeout,
                             Duration loadTimeout, Duration queueTimeout) {

    public RunnerSettings {
        Objects.requireNonNull(java, "java");
        Objects.requireNonNull(classpath, "classpath");
        jvmOptions = List.copyOf(jvmOptions);
    }

    /** Settings that start runners from this very JVM's launcher and class path. */
    public static RunnerSettings defaults() {
        List<String> options = new ArrayList<>(List.of(
                "-XX:+UseSerialGC", "-Xms8m", "-Xmx512m", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "--enable-native-access=ALL-UNNAMED"));
        for (String property : List.of("de.kherud.llama.lib.path")) {
            String value = System.getProperty(property);
            if (value != null) {
                options.add("-D" + property + "=" + value);
            }
        }
        return new RunnerSettings(Path.of(System.getProperty("java.home"), "bin", "java"),
                System.getProperty("java.class.path"), options, Duration.ofSeconds(60), Duration.ofMinutes(10),
                Duration.ofMinutes(2));
    }

    public RunnerSettings withQueueTimeout(Duration value) {
        return new RunnerSettings(java, classpath, jvmOptions, startTimeout, loadTimeout, value);
    }
}
