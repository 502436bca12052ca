package dev.helix.runtime;

/** A whole, non-streamed generation result. */
public record Completion(String text, FinishReason reason, Usage usage, Timings timings) {}
