package dev.helix.benchmarks.load;

import dev.helix.provider.ChatMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Multi-turn chat: {@code conversations} conversations each with a history of about {@code historyTokens} tokens.
 * First every conversation's first turn is sent, one after another, then every conversation's next turn (its first
 * turn, the answer it got and one more question), so each next turn arrives after the other conversations used the
 * model: a server answers it fast only if it kept that conversation's prefix and routed the turn back to it.
 *
 * @param conversations conversations, at most the server's slots to measure prefix reuse rather than eviction
 * @param historyTokens approximate tokens of history before the first question
 * @param maxTokens     tokens each turn generates at most (the answer becomes part of the next prompt)
 */
public record ChatScenario(String model, int conversations, int historyTokens, int maxTokens, long seed) {

    /**
     * The figures. Ratios are per conversation (next turn's TTFT over its first turn's).
     *
     * @param errorMessages failures and their counts
     */
    public record Report(int conversations, int errors, Distribution firstTurnTtftMillis,
                         Distribution nextTurnTtftMillis, Distribution ttftRatio, Distribution firstTurnPromptTokens,
                         Distribution nextTurnPromptTokens, Map<String, Integer> errorMessages) {}

    public Report run(Function<StreamRequest, StreamResult> send) {
        List<List<ChatMessage>> firsts = new ArrayList<>();
        List<StreamResult> firstResults = new ArrayList<>();
        for (int c = 0; c < conversations; c++) {
            List<ChatMessage> messages = Prompts.conversation(c, historyTokens);
            firsts.add(messages);
            firstResults.add(send.apply(StreamRequest.greedy(model, messages, maxTokens, seed)));
        }
        List<StreamResult> nextResults = new ArrayList<>();
        for (int c = 0; c < conversations; c++) {
            StreamResult first = firstResults.get(c);
            nextResults.add(first.ok() ? send.apply(StreamRequest.greedy(model,
                    Prompts.nextTurn(firsts.get(c), first.text()), maxTokens, seed)) : null);
        }
        List<Double> firstTtft = new ArrayList<>();
        List<Double> nextTtft = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        List<Double> firstPrompt = new ArrayList<>();
        List<Double> nextPrompt = new ArrayList<>();
        Map<String, Integer> errors = new TreeMap<>();
        int failed = 0;
        for (int c = 0; c < conversations; c++) {
            StreamResult first = firstResults.get(c);
            StreamResult next = nextResults.get(c);
            StreamResult bad = !first.ok() || first.tokens() == 0 ? first
                    : next == null || !next.ok() || next.tokens() == 0 ? next : null;
            if (bad != null) {
                failed++;
                errors.merge(bad.error() == null ? "no tokens" : bad.error(), 1, Integer::sum);
                continue;
            }
            firstTtft.add(first.ttftMillis());
            nextTtft.add(next.ttftMillis());
            ratios.add(next.ttftMillis() / first.ttftMillis());
            if (first.promptTokens() >= 0 && next.promptTokens() >= 0) {
                firstPrompt.add((double) first.promptTokens());
                nextPrompt.add((double) next.promptTokens());
            }
        }
        return new Report(conversations, failed, Distribution.of(firstTtft), Distribution.of(nextTtft),
                Distribution.of(ratios), Distribution.of(firstPrompt), Distribution.of(nextPrompt), errors);
    }
}
