package dev.helix.runtime.llamacpp;

import java.util.ArrayDeque;
import java.util.Deque;

/** The last lines a runner printed, kept so that a crash can be explained with what the runner said last. */
final class LogTail {
    private final int capacity;
    private final Deque<String> lines;

    LogTail(int capacity) {
        this.capacity = capacity;
        this.lines = new ArrayDeque<>(capacity);
    }

    synchronized void add(String line) {
        if (lines.size() == capacity) {
            lines.removeFirst();
        }
        lines.addLast(line);
    }

    /** Every line kept, oldest first. */
    synchronized java.util.List<String> lines() {
        return java.util.List.copyOf(lines);
    }

    /** The last {@code n} lines that match {@code pattern}, oldest first, joined with " | "; "" when none do. */
    synchronized String lastMatching(java.util.regex.Pattern pattern, int n) {
        var matching = lines.stream().filter(l -> pattern.matcher(l).matches()).toList();
        return String.join(" | ", matching.subList(Math.max(0, matching.size() - n), matching.size()));
    }
}
