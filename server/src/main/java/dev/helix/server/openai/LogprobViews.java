package dev.helix.server.openai;

import dev.helix.protocol.openai.ChatLogprobs;
import dev.helix.protocol.openai.TextLogprobs;
import dev.helix.provider.TokenLogprob;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Tokens' log-probabilities in the OpenAI APIs' shapes. */
final class LogprobViews {
    private LogprobViews() {}

    /** Chat Completions' {@code logprobs} object. */
    static ChatLogprobs chat(List<TokenLogprob> logprobs) {
        return new ChatLogprobs(logprobs.stream().map(lp -> entry(lp, true)).toList(), null);
    }

    private static ChatLogprobs.Entry entry(TokenLogprob lp, boolean withTop) {
        return new ChatLogprobs.Entry(lp.token(), lp.logprob(), bytes(lp.bytes()),
                withTop ? lp.top().stream().map(t -> entry(t, false)).toList() : null);
    }

    /** The bytes as OpenAI lists them: unsigned integers. */
    static List<Integer> bytes(byte[] bytes) {
        var out = new ArrayList<Integer>(bytes.length);
        for (byte b : bytes) {
            out.add(b & 0xFF);
        }
        return out;
    }

    /**
     * Legacy Completions' {@code logprobs} object.
     *
     * @param offset where the first token starts in the choice's text (the prompt's length when echoed)
     */
    static TextLogprobs text(List<TokenLogprob> logprobs, int offset) {
        var tokens = new ArrayList<String>();
        var values = new ArrayList<Double>();
        var tops = new ArrayList<Map<String, Double>>();
        var offsets = new ArrayList<Integer>();
        for (TokenLogprob lp : logprobs) {
            tokens.add(lp.token());
            values.add(lp.logprob());
            var top = new LinkedHashMap<String, Double>();
            for (TokenLogprob t : lp.top()) {
                top.putIfAbsent(t.token(), t.logprob());
            }
            tops.add(top);
            offsets.add(offset);
            offset += lp.token().length();
        }
        return new TextLogprobs(tokens, values, tops, offsets);
    }
}
