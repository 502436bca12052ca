package dev.helix.protocol.openai;

/**
 * llama-server's {@code timings}: how long the prompt and the generation took, apart, beside {@code usage} on a whole
 * answer or a stream's last chunk. {@code prompt_n} counts only the prompt tokens evaluated now (a cached prefix is
 * not), so it can be smaller than {@code usage.prompt_tokens}.
 */
public record Timings(int promptN, double promptMs, double promptPerTokenMs, double promptPerSecond,
                      int predictedN, double predictedMs, double predictedPerTokenMs, double predictedPerSecond) {}
