package dev.helix.benchmarks.load;

import dev.helix.server.progress.CountProgress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs a {@link LoadSpec} on virtual threads through any request function (the HTTP client, or the in-process
 * baseline) and summarises it as a {@link RunReport}, with the peak memory of the watched processes during the
 * measured part.
 */
public final class LoadRunner {
    private LoadRunner() {}

    /**
     * @param send    sends one request and reads its whole answer; must be thread-safe
     * @param sampler the processes to watch (its peaks are reset when measuring starts), or null
     */
    public static RunReport run(LoadSpec spec, Function<StreamRequest, StreamResult> send, ProcessSampler sampler) {
        return run(spec, send, sampler, Thread.ofVirtual());
    }

    /**
     * The same on threads from {@code threads}: platform threads where {@code send} blocks inside native code (a
     * virtual thread blocked in JNI pins its carrier, and there are only as many carriers as cores).
     */
    public static RunReport run(LoadSpec spec, Function<StreamRequest, StreamResult> send, ProcessSampler sampler,
                                Thread.Builder threads) {
        return run(spec, send, sampler, threads, null);
    }

    /**
     * The same, showing the measured requests' progress: a bar with the rate and the time left on a terminal, a
     * plain line every 10 s elsewhere ({@link CountProgress#onConsole}) unless {@code progress} is given.
     */
    public static RunReport run(LoadSpec spec, Function<StreamRequest, StreamResult> send, ProcessSampler sampler,
                                Thread.Builder threads, CountProgress progress) {
        if (spec.warmup() > 0) {
            drive(threads, Math.min(spec.concurrency(), spec.warmup()), spec.warmup(),
                    i -> send.apply(spec.request().apply(LoadSpec.WARMUP_BASE + i)), done -> { });
        }
        if (sampler != null) {
            sampler.resetPeaks();
        }
        CountProgress shown = progress != null ? progress : CountProgress.onConsole(spec.label(), spec.requests());
        long start = System.nanoTime();
        StreamResult[] results = drive(threads, spec.concurrency(), spec.requests(),
                i -> send.apply(spec.request().apply(i)), shown::done);
        long wall = System.nanoTime() - start;
        shown.finish(spec.requests());
        RunReport.Memory memory = sampler == null ? null : sampler.peaks();
        return RunReport.of(spec.label(), spec.concurrency(), Arrays.asList(results), wall, memory);
    }

    /** Runs {@code count} calls on {@code clients} threads, each taking the next index when it is free. */
    static StreamResult[] drive(Thread.Builder builder, int clients, int count,
                                java.util.function.IntFunction<StreamResult> call,
                                java.util.function.IntConsumer onDone) {
        var results = new StreamResult[count];
        var next = new AtomicInteger();
        var done = new AtomicInteger();
        List<Thread> threads = new ArrayList<>(clients);
        for (int c = 0; c < clients; c++) {
            threads.add(builder.name("bench-client-" + c).start(() -> {
                for (int i; (i = next.getAndIncrement()) < count; ) {
                    try {
                        results[i] = call.apply(i);
                    } catch (RuntimeException e) {
                        results[i] = StreamResult.failed(e.toString(), 0);
                    }
                    onDone.accept(done.incrementAndGet());
                }
            }));
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the clients", e);
            }
        }
        return results;
    }
}
