package dev.helix.runtime.llamacpp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

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
 * @param stallTimeout how long a runner may send nothing, not even a heartbeat, before it counts as stalled: its
 *                     requests fail and it is killed, and the next request starts a new one
 * @param clock        nanosecond ticker the stall watch measures silence with ({@link System#nanoTime()}; tests
 *                     pass one they move by hand)
 */
public record RunnerSettings(Path java, String classpath, List<String> jvmOptions, Duration startTimeout,
                             Duration loadTimeout, Duration queueTimeout, Duration stallTimeout, LongSupplier clock) {
    /** The default {@link #stallTimeout()}: a live runner beats every second at most, so this is 60 misses. */
    public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(60);

    public RunnerSettings {
        Objects.requireNonNull(java, "java");
        Objects.requireNonNull(classpath, "classpath");
        Objects.requireNonNull(stallTimeout, "stallTimeout");
        Objects.requireNonNull(clock, "clock");
        jvmOptions = List.copyOf(jvmOptions);
        if (stallTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("the runner stall timeout must be positive, was " + stallTimeout);
        }
    }

    /** Settings that start runners from this very JVM's launcher and class path. */
    public static RunnerSettings defaults() {
        List<String> options = new ArrayList<>(List.of(
                "-XX:+UseSerialGC", "-Xms8m", "-Xmx512m", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "--enable-native-access=ALL-UNNAMED"));
        for (String property : List.of("de.kherud.llama.lib.path", "helix.native.dir")) {
            String value = System.getProperty(property);
            if (value != null) {
                options.add("-D" + property + "=" + value);
            }
        }
        return new RunnerSettings(Path.of(System.getProperty("java.home"), "bin", "java"),
                System.getProperty("java.class.path"), options, Duration.ofSeconds(60), Duration.ofMinutes(10),
                Duration.ofMinutes(2), DEFAULT_STALL_TIMEOUT, System::nanoTime);
    }

    public RunnerSettings withQueueTimeout(Duration value) {
        return new RunnerSettings(java, classpath, jvmOptions, startTimeout, loadTimeout, value, stallTimeout, clock);
    }

    public RunnerSettings withStallTimeout(Duration value) {
        return new RunnerSettings(java, classpath, jvmOptions, startTimeout, loadTimeout, queueTimeout, value, clock);
    }

    public RunnerSettings withClock(LongSupplier value) {
        return new RunnerSettings(java, classpath, jvmOptions, startTimeout, loadTimeout, queueTimeout, stallTimeout,
                value);
    }

    /**
     * Runners whose ffm engine opens the given llama.cpp library: a {@code native/build.sh} install folder, or
     * {@code bundled} for the jar's ({@code -Dhelix.native.dir}, in place of the one this JVM passes on).
     */
    public RunnerSettings withNativeLibrary(String value) {
        List<String> options = new ArrayList<>();
        for (String option : jvmOptions) {
            if (!option.startsWith("-Dhelix.native.dir=")) {
                options.add(option);
            }
        }
        options.add("-Dhelix.native.dir=" + value);
        return new RunnerSettings(java, classpath, options, startTimeout, loadTimeout, queueTimeout, stallTimeout,
                clock);
    }

    /** The {@code -Dhelix.native.dir} the runners get, or null when they resolve the library themselves. */
    public String nativeLibrary() {
        for (String option : jvmOptions) {
            if (option.startsWith("-Dhelix.native.dir=")) {
                return option.substring("-Dhelix.native.dir=".length());
            }
        }
        return null;
    }

    /**
     * How often a runner sends a heartbeat, and how often the server checks for silence: a quarter of the stall
     * timeout, between 50 ms and 1 s.
     */
    Duration heartbeatInterval() {
        long millis = Math.clamp(stallTimeout.toMillis() / 4, 50, 1000);
        return Duration.ofMillis(millis);
    }
}
