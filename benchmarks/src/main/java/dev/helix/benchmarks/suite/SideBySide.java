package dev.helix.benchmarks.suite;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.benchmarks.load.Distribution;
import dev.helix.benchmarks.load.Prompts;
import dev.helix.benchmarks.load.StreamClient;
import dev.helix.benchmarks.load.StreamResult;
import dev.helix.provider.ChatMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * Two servers measured side by side over HTTP by the same client (the load tool's JDK HttpClient, OpenAI chat
 * completions, streamed): both get the same request bodies (the model name aside), greedy, seed 42, end of
 * generation banned by logit bias so every answer runs to {@code max_tokens}. After a warm-up, each round measures
 * three units, each on one side then the other (which goes first alternating by round): one stream on a short
 * prompt (its time to first token and its decode rate), one stream on a ~300-word chat history (its time to first
 * token, and prompt tokens over that time: prompt speed) and four streams at once on short prompts (completion tokens
 * over wall time: aggregate). Round 0 is not counted. Every request of a round has a prompt of its own, different
 * from its first words from every earlier one, and both sides get the same one, so no side answers from its prompt
 * cache.
 */
final class SideBySide {
    /**
     * Tokens banned on both sides: the generated vocabulary's end of sequence (2) and ChatML's {@code <|im_end|>}
     * (260), which llama.cpp also treats as end of generation ({@code SyntheticVocabulary} in runtime's test-jar).
     */
    static final List<Integer> BANNED = List.of(2, 260);
    /** Words of chat history in front of the long prompt's question. */
    static final int HISTORY_WORDS = 300;
    /** Tokens per warm-up answer. */
    static final int WARMUP_TOKENS = 2;
    private static final double TOKENS_PER_WORD = 1.4; // as Prompts measures it for the generated vocabulary
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int STREAMS = 4;

    /** One server under comparison: its client (base URL, OpenAI API) and the model name its requests carry. */
    record Side(String label, StreamClient client, String model) {}

    /**
     * What one side measured over the counted rounds.
     *
     * @param decode         one stream, short prompt: (completion tokens − 1) / (last content − first content), tok/s
     * @param aggregate      four streams: completion tokens / wall time from the first request sent to the last
     *                       stream's end (prompts included), tok/s
     * @param promptSpeed    the long prompt's prompt tokens (as the server counts them) / its time to first token, tok/s
     * @param ttftShortMillis time to the first content byte of the short prompt's stream
     * @param ttftLongMillis time to the first content byte of the long prompt's stream
     * @param promptTokens   the long prompt's prompt tokens, as the server reported them
     * @param shortAnswers   completion tokens of the one-stream answers (each should be max_tokens)
     * @param errors         failed requests, with why
     */
    record Figures(String label, Distribution decode, Distribution aggregate, Distribution promptSpeed,
                   Distribution ttftShortMillis, Distribution ttftLongMillis, Distribution promptTokens,
                   Distribution shortAnswers, List<String> errors) {}

    /** {@code subject} measured against {@code reference} in the same rounds. */
    record Comparison(Figures subject, Figures reference) {
        double decodeRatio() {
            return subject.decode().p50() / reference.decode().p50();
        }

        double aggregateRatio() {
            return subject.aggregate().p50() / reference.aggregate().p50();
        }

        double promptSpeedRatio() {
            return subject.promptSpeed().p50() / reference.promptSpeed().p50();
        }

        /** The subject's median short-prompt TTFT minus the reference's, in ms. */
        double addedTtftMillis() {
            return subject.ttftShortMillis().p50() - reference.ttftShortMillis().p50();
        }

        /** Short-prompt TTFT as a speed: the reference's median over the subject's (above 1: the subject is sooner). */
        double ttftRatio() {
            return reference.ttftShortMillis().p50() / subject.ttftShortMillis().p50();
        }
    }

    private SideBySide() {}

    /** Collects one side's figures round by round. */
    private static final class Tally {
        final String label;
        final List<Double> decode = new ArrayList<>();
        final List<Double> aggregate = new ArrayList<>();
        final List<Double> promptSpeed = new ArrayList<>();
        final List<Double> ttftShort = new ArrayList<>();
        final List<Double> ttftLong = new ArrayList<>();
        final List<Double> promptTokens = new ArrayList<>();
        final List<Double> shortAnswers = new ArrayList<>();
        final List<String> errors = new ArrayList<>();

        Tally(String label) {
            this.label = label;
        }

        boolean ok(StreamResult r, String what) {
            if (!r.ok()) {
                errors.add(what + ": " + r.error());
            }
            return r.ok();
        }

        Figures figures() {
            return new Figures(label, Distribution.of(decode), Distribution.of(aggregate), Distribution.of(promptSpeed),
                    Distribution.of(ttftShort), Distribution.of(ttftLong), Distribution.of(promptTokens),
                    Distribution.of(shortAnswers), List.copyOf(errors));
        }
    }

    /**
     * @param rounds        counted rounds (one more, round 0, runs first and is not counted)
     * @param maxTokens     tokens per answer of the short-prompt units
     * @param longMaxTokens tokens per answer of the long prompt (its time to first token is what counts)
     * @param warmup        warm-up requests per side before round 0 (one short prompt, repeated: the servers' request
     *                      path gets compiled, the prompt comes from the cache)
     * @param progress      told after each round
     */
    static Comparison measure(Side subject, Side reference, int rounds, int maxTokens, int longMaxTokens, int warmup,
                              IntConsumer progress) {
        for (int i = 0; i < warmup; i++) {
            for (Side side : i % 2 == 0 ? List.of(subject, reference) : List.of(reference, subject)) {
                side.client().stream(body(side, Prompts.fixed("Warm up, please."), WARMUP_TOKENS));
            }
        }
        var tallies = List.of(new Tally(subject.label()), new Tally(reference.label()));
        var sides = List.of(subject, reference);
        try (var pool = Executors.newFixedThreadPool(STREAMS)) {
            for (int round = 0; round <= rounds; round++) {
                boolean counted = round > 0;
                List<Integer> order = round % 2 == 0 ? List.of(0, 1) : List.of(1, 0);
                int base = 1000 + round * (STREAMS + 1);
                for (int i : order) {
                    StreamResult r = sides.get(i).client().stream(body(sides.get(i), Prompts.story(base), maxTokens));
                    Tally t = tallies.get(i);
                    if (t.ok(r, "short prompt") && counted) {
                        t.ttftShort.add(r.ttftMillis());
                        t.decode.add(decode(r));
                        t.shortAnswers.add((double) completionTokens(r));
                    }
                }
                List<ChatMessage> history = Prompts.conversation(base, (int) Math.round(HISTORY_WORDS * TOKENS_PER_WORD));
                for (int i : order) {
                    StreamResult r = sides.get(i).client().stream(body(sides.get(i), history, longMaxTokens));
                    Tally t = tallies.get(i);
                    if (t.ok(r, "long prompt") && counted) {
                        t.ttftLong.add(r.ttftMillis());
                        t.promptTokens.add((double) r.promptTokens());
                        t.promptSpeed.add(r.promptTokens() / (r.ttftNanos() / 1e9));
                    }
                }
                for (int i : order) {
                    double aggregate = fourStreams(pool, sides.get(i), tallies.get(i), base + 1, maxTokens);
                    if (counted && !Double.isNaN(aggregate)) {
                        tallies.get(i).aggregate.add(aggregate);
                    }
                }
                progress.accept(round);
            }
        }
        return new Comparison(tallies.get(0).figures(), tallies.get(1).figures());
    }

    /** Completion tokens over wall time of four streams sent at once; NaN when one failed. */
    private static double fourStreams(ExecutorService pool, Side side, Tally tally, int first,
                                      int maxTokens) {
        List<Future<StreamResult>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (int s = 0; s < STREAMS; s++) {
            byte[] request = body(side, Prompts.story(first + s), maxTokens);
            futures.add(pool.submit((Callable<StreamResult>) () -> side.client().stream(request)));
        }
        long tokens = 0;
        boolean ok = true;
        for (Future<StreamResult> f : futures) {
            StreamResult r;
            try {
                r = f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
            ok &= tally.ok(r, "four streams");
            tokens += completionTokens(r);
        }
        double wall = (System.nanoTime() - start) / 1e9;
        return ok ? tokens / wall : Double.NaN;
    }

    /** Tokens the server says it generated, or the content pieces received where it did not say. */
    private static int completionTokens(StreamResult r) {
        return r.completionTokens() >= 0 ? r.completionTokens() : r.tokens();
    }

    /**
     * Decode rate from the client's clock: the tokens after the first over the time from the first content byte to
     * the last. Counted by the server's usage, not by content pieces, so that a server sending two tokens in one
     * chunk is not counted slower.
     */
    private static double decode(StreamResult r) {
        long nanos = r.lastTokenNanos() - r.ttftNanos();
        int tokens = completionTokens(r);
        return tokens > 1 && nanos > 0 ? (tokens - 1) * 1e9 / nanos : Double.NaN;
    }

    /** The OpenAI chat request both sides get: greedy, seed 42, end of generation banned, usage in the stream. */
    static byte[] body(Side side, List<ChatMessage> messages, int maxTokens) {
        ObjectNode body = JSON.createObjectNode().put("model", side.model()).put("stream", true);
        ArrayNode array = body.putArray("messages");
        for (ChatMessage m : messages) {
            array.addObject().put("role", m.role().wireName()).put("content", m.content());
        }
        body.put("max_tokens", maxTokens).put("temperature", 0).put("seed", 42);
        ObjectNode bias = body.putObject("logit_bias");
        for (int token : BANNED) {
            bias.put(Integer.toString(token), -100);
        }
        body.putObject("stream_options").put("include_usage", true);
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }
}
