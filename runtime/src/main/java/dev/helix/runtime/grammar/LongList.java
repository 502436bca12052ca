package dev.helix.runtime.grammar;

import java.util.Arrays;

/** A growable array of longs: a grammar rule under construction (llama.cpp's {@code std::vector}). */
final class LongList {
    private long[] values = new long[8];
    private int size;

    LongList() {}

    LongList(long[] initial) {
        values = Arrays.copyOf(initial, Math.max(8, initial.length));
        size = initial.length;
    }

    int size() {
        return size;
    }

    long get(int index) {
        return values[index];
    }

    void add(long value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    void addAll(long[] more) {
        if (size + more.length > values.length) {
            values = Arrays.copyOf(values, Math.max(size * 2, size + more.length));
        }
        System.arraycopy(more, 0, values, size, more.length);
        size += more.length;
    }

    /** {@code resize} to a smaller size. */
    void truncate(int newSize) {
        size = newSize;
    }

    long[] copyOfRange(int from, int to) {
        return Arrays.copyOfRange(values, from, to);
    }

    long[] toArray() {
        return Arrays.copyOf(values, size);
    }
}
