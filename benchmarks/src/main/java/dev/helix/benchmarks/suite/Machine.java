package dev.helix.benchmarks.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the figures were measured on. */
record Machine(String cpu, int cores, String cpuFlags, long memoryMb, String os, String jdk, String loadAverage) {

    static Machine current() {
        String cpu = "unknown";
        String flags = "";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name") && cpu.equals("unknown")) {
                    cpu = line.substring(line.indexOf(':') + 1).strip();
                }
                if (line.startsWith("flags") && flags.isEmpty()) {
                    List<String> simd = List.of(line.substring(line.indexOf(':') + 1).strip().split(" ")).stream()
                            .filter(f -> f.startsWith("avx") || f.equals("fma") || f.equals("f16c")).toList();
                    flags = String.join(" ", simd);
                }
            }
        } catch (IOException e) {
            // not Linux: leave unknown
        }
        long memory = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    memory = Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException e) {
            // unknown
        }
        return new Machine(cpu, Runtime.getRuntime().availableProcessors(), flags, memory,
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"), loadAverageNow());
    }

    /** {@code /proc/loadavg} now, or empty where there is none. */
    static String loadAverageNow() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "";
        }
    }
}
