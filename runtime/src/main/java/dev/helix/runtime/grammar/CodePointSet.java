package dev.helix.runtime.grammar;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A set of Unicode scalar values (code points without the surrogates) as sorted, disjoint, non-adjacent ranges:
 * the meaning of a regex character class, a dot, or "any key character but these".
 */
final class CodePointSet {
    static final int MAX = 0x10FFFF;
    static final CodePointSet ALL = new CodePointSet(List.of(new int[] {0, 0xD7FF}, new int[] {0xE000, MAX}));

    private final List<int[]> ranges;

    private CodePointSet(List<int[]> ranges) {
        this.ranges = ranges;
    }

    static CodePointSet of(int... codePoints) {
        List<int[]> ranges = new ArrayList<>();
        for (int c : codePoints) {
            ranges.add(new int[] {c, c});
        }
        return normalized(ranges);
    }

    static CodePointSet range(int from, int to) {
        return normalized(List.of(new int[] {from, to}));
    }

    /** Ranges {from, to} as pairs in one array. */
    static CodePointSet ranges(int... bounds) {
        List<int[]> ranges = new ArrayList<>();
        for (int i = 0; i < bounds.length; i += 2) {
            ranges.add(new int[] {bounds[i], bounds[i + 1]});
        }
        return normalized(ranges);
    }

    CodePointSet union(CodePointSet other) {
        List<int[]> all = new ArrayList<>(ranges);
        all.addAll(other.ranges);
        return normalized(all);
    }

    CodePointSet complement() {
        List<int[]> result = new ArrayList<>();
        int next = 0;
        for (int[] r : ranges) {
            if (r[0] > next) {
                result.add(new int[] {next, r[0] - 1});
            }
            next = r[1] + 1;
        }
        if (next <= MAX) {
            result.add(new int[] {next, MAX});
        }
        return normalized(result);
    }

    CodePointSet minus(CodePointSet other) {
        return complement().union(other).complement();
    }

    CodePointSet intersect(CodePointSet other) {
        return complement().union(other.complement()).complement();
    }

    boolean contains(int c) {
        for (int[] r : ranges) {
            if (r[0] <= c && c <= r[1]) {
                return true;
            }
        }
        return false;
    }

    boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** The ranges as {from, to}, ascending. */
    List<int[]> ranges() {
        return ranges;
    }

    /** Sorts, merges overlapping and adjacent ranges, and drops the surrogates. */
    private static CodePointSet normalized(List<int[]> input) {
        List<int[]> sorted = new ArrayList<>();
        for (int[] r : input) {
            if (r[0] <= r[1]) {
                sorted.add(new int[] {r[0], r[1]});
            }
        }
        sorted.sort(Comparator.comparingInt(r -> r[0]));
        List<int[]> merged = new ArrayList<>();
        for (int[] r : sorted) {
            int[] last = merged.isEmpty() ? null : merged.getLast();
            if (last != null && r[0] <= last[1] + 1) {
                last[1] = Math.max(last[1], r[1]);
            } else {
                merged.add(r);
            }
        }
        List<int[]> result = new ArrayList<>();
        for (int[] r : merged) {
            if (r[0] < 0xD800 && r[1] >= 0xD800) {
                result.add(new int[] {r[0], 0xD7FF});
            }
            if (r[1] > 0xDFFF && r[0] <= 0xDFFF) {
                result.add(new int[] {0xE000, r[1]});
            }
            if (r[1] < 0xD800 || r[0] > 0xDFFF) {
                result.add(r);
            }
        }
        return new CodePointSet(List.copyOf(result));
    }
}
