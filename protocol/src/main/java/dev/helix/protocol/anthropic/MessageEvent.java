package dev.helix.protocol.anthropic;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The events of a streamed message, each sent as {@code event: <type>} with itself as the data. */
public sealed interface MessageEvent {

    String type();

    record MessageStart(String type, AnthropicMessage message) implements MessageEvent {
        public MessageStart(AnthropicMessage message) {
            this("message_start", message);
        }
    }

    record BlockStart(String type, int index, ContentBlock contentBlock) implements MessageEvent {
        public BlockStart(int index, ContentBlock block) {
            this("content_block_start", index, block);
        }
    }

    record BlockDelta(String type, int index, Delta delta) implements MessageEvent {
        public BlockDelta(int index, Delta delta) {
            this("content_block_delta", index, delta);
        }
    }

    record BlockStop(String type, int index) implements MessageEvent {
        public BlockStop(int index) {
            this("content_block_stop", index);
        }
    }

    /** The stop reason and the final usage (input tokens too: they are known only at the end). */
    record MessageDelta(String type, StopDelta delta, AnthropicMessage.Usage usage) implements MessageEvent {
        public MessageDelta(String stopReason, AnthropicMessage.Usage usage) {
            this("message_delta", new StopDelta(stopReason, null), usage);
        }
    }

    record StopDelta(String stopReason, @JsonInclude(JsonInclude.Include.ALWAYS) String stopSequence) {}

    record MessageStop(String type) implements MessageEvent {
        public MessageStop() {
            this("message_stop");
        }
    }

    /**
     * A delta of a block: {@code text_delta} (text), {@code thinking_delta} (thinking) or {@code input_json_delta}
     * (partial_json); one field is set.
     */
    record Delta(String type, String text, String thinking, String partialJson) {
        public static Delta text(String text) {
            return new Delta("text_delta", text, null, null);
        }

        public static Delta thinking(String text) {
            return new Delta("thinking_delta", null, text, null);
        }

        public static Delta inputJson(String json) {
            return new Delta("input_json_delta", null, null, json);
        }
    }
}
