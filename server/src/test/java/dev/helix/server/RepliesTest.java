package dev.helix.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.helix.provider.Chunk;
import dev.helix.provider.FinishReason;
import dev.helix.provider.ProviderFailedException;
import dev.helix.provider.Timings;
import dev.helix.provider.Usage;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one mapping from chunks to what the chat APIs answer: parts, their order, their opening and closing. */
class RepliesTest {
    private static final Chunk.ToolCall CALL = new Chunk.ToolCall(0, "call_1", "get_weather", "{\"city\":\"Paris\"}");
    private static final Chunk.Done DONE = new Chunk.Done(FinishReason.TOOL_CALLS, new Usage(7, 5), Timings.NONE);
    private static final List<Chunk> CHUNKS = List.of(new Chunk.Reasoning("a"), new Chunk.Reasoning("b"),
            new Chunk.Token(""), new Chunk.Token("x"), CALL, new Chunk.Token("y"), new Chunk.Token("z"), DONE);

    /** Records what it is told, one line per call. */
    private static final class Recorder implements ReplyWriter {
        final List<String> told = new ArrayList<>();
        Reply finished;

        @Override
        public void open(int index, Reply.Kind kind) {
            told.add("open " + index + " " + kind);
        }

        @Override
        public void reasoning(int index, String text) {
            told.add("reasoning " + index + " " + text);
        }

        @Override
        public void text(int index, String text) {
            told.add("text " + index + " " + text);
        }

        @Override
        public void close(int index, Reply.Part whole) {
            told.add("close " + index + " " + whole);
        }

        @Override
        public void toolCall(int index, Chunk.ToolCall call) {
            told.add("call " + index + " " + call.name());
        }

        @Override
        public void finish(Reply reply) {
            finished = reply;
            told.add("finish");
        }

        @Override
        public void fail(ApiFailure failure, List<Reply.Part> partial) {
            told.add("fail " + failure.status() + " " + partial.size());
        }
    }

    @Test
    void runsOfReasoningAndTextArePartsAndEachCallIsOne() {
        Reply reply = Replies.collect(CHUNKS.iterator());
        assertEquals(List.of(new Reply.Part.Reasoning("ab"), new Reply.Part.Text("x"), new Reply.Part.Call(CALL),
                new Reply.Part.Text("yz")), reply.parts());
        assertEquals("xyz", reply.text());
        assertEquals("ab", reply.reasoning());
        assertEquals(List.of(CALL), reply.calls());
        assertEquals(FinishReason.TOOL_CALLS, reply.reason());
        assertEquals(new Usage(7, 5), reply.usage());
    }

    @Test
    void aStreamOpensFillsAndClosesEachPartInOrderAndFinishesWithTheSameReply() {
        var recorder = new Recorder();
        Replies.stream(CHUNKS.iterator(), recorder);
        assertEquals(List.of("open 0 REASONING", "reasoning 0 a", "reasoning 0 b", "close 0 Reasoning[text=ab]",
                "open 1 TEXT", "text 1 x", "close 1 Text[text=x]", "call 2 get_weather", "open 3 TEXT", "text 3 y",
                "text 3 z", "close 3 Text[text=yz]", "finish"), recorder.told);
        assertEquals(Replies.collect(CHUNKS.iterator()), recorder.finished);
    }

    @Test
    void aFailureMidStreamClosesTheOpenPartThenFails() {
        Iterator<Chunk> failing = new Iterator<>() {
            int n;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Chunk next() {
                if (n++ == 0) {
                    return new Chunk.Token("x");
                }
                throw new ProviderFailedException("the runner crashed");
            }
        };
        var recorder = new Recorder();
        Replies.stream(failing, recorder);
        assertEquals(List.of("open 0 TEXT", "text 0 x", "close 0 Text[text=x]", "fail 500 1"), recorder.told);
    }

    @Test
    void aStreamWithoutItsFinalChunkIsAFailure() {
        assertThrows(ProviderFailedException.class, () -> Replies.collect(List.<Chunk>of(new Chunk.Token("x"))
                .iterator()));
        var recorder = new Recorder();
        Replies.stream(List.<Chunk>of(new Chunk.Token("x")).iterator(), recorder);
        assertEquals("fail 500 1", recorder.told.get(recorder.told.size() - 1));
    }
}
