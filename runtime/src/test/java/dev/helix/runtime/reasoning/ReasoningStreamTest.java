package dev.helix.runtime.reasoning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.helix.provider.Chunk;
import dev.helix.provider.ChunkStream;
import dev.helix.provider.Completion;
import dev.helix.provider.FinishReason;
import dev.helix.provider.Timings;
import dev.helix.provider.Usage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reasoning split, in the runtime, whatever the token boundaries. */
class ReasoningStreamTest {

    @Test
    void thinkingIsSplitOffTheStartWhateverTheTokenBoundaries() {
        String output = "<think>Let me see.</think>\n\nThe answer is 4.";
        for (int size = 1; size <= output.length(); size++) {
            var tokens = new ArrayList<String>();
            for (int i = 0; i < output.length(); i += size) {
                tokens.add(output.substring(i, Math.min(output.length(), i + size)));
            }
            Completion c = ReasoningStream.of(new Tokens(tokens), true).collect();
            assertEquals("Let me see.", c.reasoning(), "split " + size);
            assertEquals("The answer is 4.", c.text(), "split " + size);
            assertEquals(FinishReason.STOP, c.reason());
        }
    }

    @Test
    void withoutAThinkBlockTheTextIsLeftAsItIs() {
        Completion c = ReasoningStream.of(new Tokens(List.of("<thin", "king> aloud")), true).collect();
        assertEquals("<thinking> aloud", c.text());
        assertEquals("", c.reasoning());
        assertEquals("<thin", ReasoningStream.of(new Tokens(List.of("<thin")), true).collect().text());
    }

    @Test
    void notAskedTheStreamIsUntouched() {
        var source = new Tokens(List.of("<think>x</think>y"));
        assertSame(source, ReasoningStream.of(source, false));
    }

    @Test
    void reasoningChunksComeBeforeTheAnswersTokens() {
        var chunks = new ArrayList<Chunk>();
        try (ChunkStream stream = ReasoningStream.of(new Tokens(List.of("<think>a", "b</think>", "c")), true)) {
            stream.forEachRemaining(chunks::add);
        }
        assertEquals(List.of(new Chunk.Reasoning("a"), new Chunk.Reasoning("b"), new Chunk.Token("c")),
                chunks.subList(0, 3));
    }

    private static final class Tokens implements ChunkStream {
        private final Deque<String> tokens;
        private boolean done;

        Tokens(List<String> tokens) {
            this.tokens = new ArrayDeque<>(tokens);
        }

        @Override
        public boolean hasNext() {
            return !done;
        }

        @Override
        public Chunk next() {
            if (!tokens.isEmpty()) {
                return new Chunk.Token(tokens.poll());
            }
            done = true;
            return new Chunk.Done(FinishReason.STOP, new Usage(1, 1), Timings.NONE);
        }

        @Override
        public void close() {
        }
    }
}
