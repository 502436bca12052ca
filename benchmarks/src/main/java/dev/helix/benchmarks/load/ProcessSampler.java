package dev.helix.benchmarks.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Samples a server process and its descendants (Helix's runners) from {@code /proc} at a fixed interval on a
 * daemon thread: resident memory, threads and open files, kept as a time series and as peaks. A server that is
 * not on this machine (or not Linux) gives empty samples.
 */
public final class ProcessSampler implements AutoCloseable {
    /** The sum over some processes (what could not be read counts 0). */
    public record Usage(long rssKb, long hwmKb, int threads, int openFiles, double cpuSeconds, int processes) {
        static final Usage NONE = new Usage(0, 0, 0, 0, 0, 0);

        Usage plus(ProcFs.Status s, int fds, double cpu) {
            return new Usage(rssKb + Math.max(0, s.rssKb()), hwmKb + Math.max(0, s.hwmKb()),
                    threads + Math.max(0, s.threads()), openFiles + Math.max(0, fds), cpuSeconds + Math.max(0, cpu),
                    processes + 1);
        }
    }

    /** One look at the tree: the server itself, and all its descendants together. */
    public record Sample(long millis, Usage server, Usage runners) {
        public long totalRssKb() {
            return server.rssKb() + runners.rssKb();
        }
    }

    private final long pid;
    private final long started = System.nanoTime();
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private long peakServer;
    private long peakRunners;
    private long peakTotal;
    private int peakThreads;
    private int peakFiles;
    private int sinceReset;
    private Sample last;
    private Sample atReset;

    public ProcessSampler(long pid, Duration interval) {
        this.pid = pid;
        sample();
        this.thread = Thread.ofPlatform().daemon().name("bench-sampler-" + pid).start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(interval);
                } catch (InterruptedException e) {
                    return;
                }
                sample();
            }
        });
    }

    public long pid() {
        return pid;
    }

    /** Takes a sample now (it is also recorded) and returns it. */
    public Sample sample() {
        Usage server = Usage.NONE;
        Optional<ProcFs.Status> own = ProcFs.status(pid);
        if (own.isPresent()) {
            server = server.plus(own.get(), ProcFs.openFiles(pid), ProcFs.cpuSeconds(pid));
        }
        Usage runners = Usage.NONE;
        for (long child : ProcFs.descendants(pid)) {
            Optional<ProcFs.Status> s = ProcFs.status(child);
            if (s.isPresent()) {
                runners = runners.plus(s.get(), ProcFs.openFiles(child), ProcFs.cpuSeconds(child));
            }
        }
        var sample = new Sample((System.nanoTime() - started) / 1_000_000, server, runners);
        record(sample);
        return sample;
    }

    private synchronized void record(Sample s) {
        samples.add(s);
        last = s;
        if (atReset == null) {
            atReset = s;
        }
        sinceReset++;
        peakServer = Math.max(peakServer, s.server().rssKb());
        peakRunners = Math.max(peakRunners, s.runners().rssKb());
        peakTotal = Math.max(peakTotal, s.totalRssKb());
        peakThreads = Math.max(peakThreads, s.server().threads() + s.runners().threads());
        peakFiles = Math.max(peakFiles, s.server().openFiles() + s.runners().openFiles());
    }

    /** Starts the peaks afresh from the next sample. */
    public synchronized void resetPeaks() {
        peakServer = peakRunners = peakTotal = 0;
        peakThreads = peakFiles = sinceReset = 0;
        atReset = null;
    }

    /** The peaks since the last reset, after taking one more sample. */
    public RunReport.Memory peaks() {
        sample();
        synchronized (this) {
            return new RunReport.Memory(peakServer, peakRunners, peakTotal, last.server().hwmKb(),
                    last.runners().hwmKb(), peakThreads, peakFiles,
                    last.server().cpuSeconds() - atReset.server().cpuSeconds(),
                    Math.max(0, last.runners().cpuSeconds() - atReset.runners().cpuSeconds()), sinceReset);
        }
    }

    /** Every sample so far, oldest first. */
    public synchronized List<Sample> samples() {
        return new ArrayList<>(samples);
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
