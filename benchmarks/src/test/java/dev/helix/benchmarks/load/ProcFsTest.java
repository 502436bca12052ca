package dev.helix.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The /proc readers on this very JVM, and on literal /proc text. */
class ProcFsTest {
    private static final long SELF = ProcessHandle.current().pid();

    @BeforeAll
    static void linux() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs Linux /proc");
    }

    @Test
    void thisJvmsMemoryThreadsFilesAndCpu() {
        ProcFs.Status s = ProcFs.status(SELF).orElseThrow();
        assertEquals(SELF, s.pid());
        assertTrue(s.rssKb() > 10_000, "a JVM holds more than 10 MB: " + s);
        assertTrue(s.hwmKb() >= s.rssKb(), s.toString());
        assertTrue(s.threads() >= Thread.activeCount(), s.toString());
        assertTrue(ProcFs.openFiles(SELF) > 3);
        assertTrue(ProcFs.cpuSeconds(SELF) > 0);
        assertTrue(ProcFs.status(Long.MAX_VALUE).isEmpty());
        assertEquals(-1, ProcFs.openFiles(Long.MAX_VALUE));
    }

    @Test
    void statusAndStatLines() {
        var s = ProcFs.parseStatus(7, List.of("Name:\tjava", "VmHWM:\t  123456 kB", "VmRSS:\t   65432 kB",
                "Threads:\t31"));
        assertEquals(new ProcFs.Status(7, 65432, 123456, 31), s);
        // the command name may hold spaces and parentheses; utime 250 + stime 50 ticks
        String stat = "42 (my (odd) name) S 1 42 42 0 -1 4194304 100 0 0 0 250 50 0 0 20 0 3 0 100 1000 200";
        assertEquals(3.0, ProcFs.parseCpuSeconds(stat), 1e-9);
    }

    @Test
    void listeningSocketsFromATcpTable() {
        List<String> table = List.of(
                "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
                "   0: 0100007F:2CAA 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 5551 1 0",
                "   1: 0100007F:2CAA 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 5552 1 0",
                "   2: 00000000:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 5553 1 0");
        assertEquals(Set.of(5551L), ProcFs.listeningInodes(table, 0x2CAA));
        assertEquals(Set.of(5553L), ProcFs.listeningInodes(table, 80));
        assertEquals(Set.of(), ProcFs.listeningInodes(table, 81));
    }

    @Test
    void theProcessListeningOnAPortIsFound() throws Exception {
        try (var server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertEquals(SELF, ProcFs.listeningPid(server.getLocalPort()).orElseThrow());
        }
    }

    @Test
    void descendantsAndTheSamplerSeeChildren() throws Exception {
        Process child = new ProcessBuilder("sleep", "30").start();
        try (var sampler = new ProcessSampler(SELF, Duration.ofMillis(20))) {
            assertTrue(ProcFs.descendants(SELF).contains(child.pid()));
            ProcessSampler.Sample sample = sampler.sample();
            assertTrue(sample.runners().processes() >= 1, sample.toString());
            assertTrue(sample.server().rssKb() > 0 && sample.server().threads() > 0, sample.toString());
            RunReport.Memory peaks = sampler.peaks();
            // The constructor, sample() and peaks() each take one: no waiting for the sampler's own thread.
            assertTrue(peaks.samples() >= 3 && peaks.serverPeakRssKb() > 0 && peaks.peakThreads() > 0, peaks.toString());
        } finally {
            child.destroy();
            child.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
