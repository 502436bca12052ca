package dev.helix.runtime.testing;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Measures how a parser's cost grows with its input, for the time-complexity tests of issue 10: the input of size
 * {@code 2n} must cost less than {@link #MAX_RATIO} times the input of size {@code n} (a linear parser costs about 2
 * times, a quadratic one 4).
 *
 * <p>Why this cannot flake on a loaded machine: it measures the CPU time of the measuring thread
 * ({@link ThreadMXBean#getCurrentThreadCpuTime()}), not the wall clock, so time spent waiting for a core while other
 * processes run is not counted; it takes the fastest of {@link #RUNS} runs of each size after warming both up, so a
 * garbage collection or a JIT compilation in one run does not count; the runs of both sizes alternate, so both see
 * the same conditions; and it first grows {@code n} until one run costs at least {@link #MIN_NANOS} (where the cap
 * allows), so the clock's resolution and fixed costs are small beside what is measured and both inputs are far larger
 * than the processor's caches (a cost per element that changes when the data outgrows a cache is not the
 * algorithm's). What is left is the algorithm's own cost, where a quadratic parser gives a ratio near 4, well above
 * the bound, in every measurement; it fails only when {@link #ATTEMPTS} measurements in a row are over it.
 *
 * <p>One effect the CPU clock does not remove: the machine's two cores may share their caches, and a build beside the
 * test then slows the larger input's run more than the smaller's (a linear converter measured 2.1 idle and 3.1-3.9
 * beside two builds). Where every measurement is over the bound but under {@link #QUADRATIC_RATIO}, the memory the
 * work allocates (counted, so no machine's speed is in it) decides: growing at most {@link #MAX_ALLOCATION_RATIO}
 * times, the work is linear and the CPU ratio was the neighbours'; a quadratic parser stays at 4 or more either way.
 */
public final class Growth {
    public static final double MAX_RATIO = 3.0;
    static final int RUNS = 9;
    /** Measurements before failing: a quadratic parser is over the bound every time, noise is not. */
    static final int ATTEMPTS = 3;
    static final long MIN_NANOS = 50_000_000;
    /** A CPU ratio this high fails whatever the allocation says: a quadratic parser's. */
    static final double QUADRATIC_RATIO = 4.0;
    /** Allocation growing at most this much for a doubled input is linear work. */
    static final double MAX_ALLOCATION_RATIO = 2.5;
    /** The least a run of size n must allocate for its allocations to say anything about its growth. */
    static final long MIN_ALLOCATED_BYTES = 64 * 1024;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private Growth() {}

    /** What was measured: the sizes and the fastest CPU time of each. */
    public record Measured(String what, int n, long nanosN, long nanos2N) {
        public double ratio() {
            return (double) nanos2N / Math.max(1, nanosN);
        }

        @Override
        public String toString() {
            return what + ": n=" + n + " " + nanosN / 1000 + " us, 2n " + nanos2N / 1000 + " us, ratio "
                    + String.format("%.2f", ratio());
        }
    }

    /**
     * Asserts that doubling the input at most roughly doubles the cost.
     *
     * @param input builds the input of size n (not measured)
     * @param parse the work measured (a test that measures a refusal catches it there)
     * @param start the first n tried
     * @param max   the largest n allowed (the parser's cap over two): n grows up to it, no further
     */
    public static <T> Measured assertLinear(String what, IntFunction<T> input, Consumer<T> parse, int start, int max) {
        int n = start;
        T small = input.apply(n);
        fastest(small, parse, 3); // the first runs are interpreted: they must not stop the growth early
        while (fastest(small, parse, 2) < MIN_NANOS && n * 2 <= max) {
            n *= 2;
            small = input.apply(n);
        }
        T large = input.apply(2 * n);
        fastest(large, parse, 2); // warm up both sizes before measuring
        fastest(small, parse, 2);
        var tries = new java.util.ArrayList<Measured>();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            long bestSmall = Long.MAX_VALUE;
            long bestLarge = Long.MAX_VALUE;
            for (int i = 0; i < RUNS; i++) {
                bestSmall = Math.min(bestSmall, fastest(small, parse, 1));
                bestLarge = Math.min(bestLarge, fastest(large, parse, 1));
            }
            var measured = new Measured(what, n, bestSmall, bestLarge);
            if (measured.ratio() < MAX_RATIO) {
                return measured;
            }
            tries.add(measured);
        }
        long allocatedSmall = allocated(small, parse);
        double allocation = (double) allocated(large, parse) / Math.max(1, allocatedSmall);
        // only work that allocates as it goes can vouch for itself by its allocations: for work that allocates
        // (next to) nothing the ratio is noise or 0/1, which let a quadratic loop over an array pass on a busy machine
        if (allocatedSmall >= MIN_ALLOCATED_BYTES && tries.stream().allMatch(t -> t.ratio() < QUADRATIC_RATIO)
                && allocation <= MAX_ALLOCATION_RATIO) {
            Measured best = tries.stream().min(java.util.Comparator.comparingDouble(Measured::ratio)).orElseThrow();
            System.out.printf(java.util.Locale.ROOT, "%s (CPU ratio over %.1f but allocation grew %.2fx: linear work "
                    + "on a busy machine)%n", best, MAX_RATIO, allocation);
            return best;
        }
        throw new AssertionError("cost grows faster than the input, in each of " + ATTEMPTS + " measurements: " + tries
                + String.format(java.util.Locale.ROOT, "; allocation grew %.2fx", allocation));
    }

    /** The bytes one run allocates, the least of three (the first may allocate for class loading or the JIT). */
    static <T> long allocated(T input, Consumer<T> parse) {
        var threads = (com.sun.management.ThreadMXBean) THREADS;
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            parse.accept(input);
            least = Math.min(least, threads.getCurrentThreadAllocatedBytes() - before);
        }
        return least;
    }

    /** The CPU time of the fastest of {@code runs} runs. */
    public static <T> long fastest(T input, Consumer<T> parse, int runs) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < runs; i++) {
            long start = THREADS.getCurrentThreadCpuTime();
            parse.accept(input);
            best = Math.min(best, THREADS.getCurrentThreadCpuTime() - start);
        }
        return best;
    }
}
