package dev.helix.runtime.ffm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.runtime.gguf.RandomLlamaModel;
import dev.helix.runtime.testing.TestModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Unloading returns the memory in-process: a process loads, generates with and closes a 15M-parameter model (about
 * 30 MB of weights read into memory, plus a 16 MB KV cache) ten times; its resident set ends within 20 MB of where
 * it began (the least of the last three readings), where one leaked cycle alone would exceed that. The cycles run in a child JVM of their own whose Java
 * heap is fixed and touched up front ({@link MemoryCycles}), so what moves is native memory, not the heap's growth or
 * the other tests' garbage. A count of memory, not of time.
 */
@Timeout(300)
class MemoryReturnsTest {
    private static final long LIMIT_KB = 20 * 1024;

    @Test
    void loadGenerateCloseTenTimesReturnsTheMemory() throws Exception {
        Path file = TestModels.custom(RandomLlamaModel.small15M());
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms96m", "-Xmx96m", "-XX:+AlwaysPreTouch", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), MemoryCycles.class.getName(), file.toString())
                .redirectErrorStream(true).start();
        child.getOutputStream().close();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), output);
        assertEquals(0, child.exitValue(), output);
        long start = -1;
        long peak = 0;
        List<Long> after = new ArrayList<>();
        for (String line : output.lines().toList()) {
            String[] words = line.split(" ");
            switch (words[0]) {
                case "start" -> start = Long.parseLong(words[1]);
                case "loaded" -> peak = Math.max(peak, Long.parseLong(words[1]));
                case "after" -> after.add(Long.parseLong(words[1]));
                default -> { } // library log lines
            }
        }
        assertEquals(10, after.size(), output);
        assertTrue(peak - start > LIMIT_KB, "a loaded model takes more than the limit, or the test proves nothing: "
                + "start " + start + " kB, peak " + peak + " kB");
        // The least of the last three: a leak only grows, so it shows in all three. Before the engine fixed glibc's
        // mmap threshold (LlamaLibrary), a cycle on a busy machine could leave 15-30 MB resident for several cycles;
        // with it, ten cycles end within 1 MB of the start, busy or not.
        long end = after.subList(after.size() - 3, after.size()).stream().mapToLong(Long::longValue).min()
                .orElseThrow();
        assertTrue(end - start < LIMIT_KB, "resident set grew from " + start + " kB to " + end
                + " kB over 10 cycles (after each: " + after + " kB)");
    }
}
