package dev.helix.protocol.openai.responses;

/**
 * The events of a streamed response, each sent as {@code event: <type>} with itself as the data. Every event
 * carries its {@code type} and a {@code sequence_number} counting from 0.
 */
public sealed interface ResponseEvent {

    String type();

    /** {@code response.created}, {@code response.in_progress}, {@code response.completed}, … */
    record Lifecycle(String type, int sequenceNumber, Response response) implements ResponseEvent {}

    /** {@code response.output_item.added} and {@code response.output_item.done}. */
    record Item(String type, int sequenceNumber, int outputIndex, OutputItem item) implements ResponseEvent {}

    /** {@code response.content_part.added} and {@code response.content_part.done}. */
    record Part(String type, int sequenceNumber, String itemId, int outputIndex, int contentIndex, Object part)
            implements ResponseEvent {}

    /** {@code response.output_text.delta} (logprobs always present, always empty). */
    record TextDelta(String type, int sequenceNumber, String itemId, int outputIndex, int contentIndex, String delta,
                     java.util.List<Object> logprobs) implements ResponseEvent {}

    /** {@code response.output_text.done}. */
    record TextDone(String type, int sequenceNumber, String itemId, int outputIndex, int contentIndex, String text,
                    java.util.List<Object> logprobs) implements ResponseEvent {}

    /** {@code response.reasoning_text.delta}. */
    record ReasoningDelta(String type, int sequenceNumber, String itemId, int outputIndex, int contentIndex,
                          String delta) implements ResponseEvent {}

    /** {@code response.reasoning_text.done}. */
    record ReasoningDone(String type, int sequenceNumber, String itemId, int outputIndex, int contentIndex,
                         String text) implements ResponseEvent {}

    /** {@code response.function_call_arguments.delta}. */
    record ArgumentsDelta(String type, int sequenceNumber, String itemId, int outputIndex, String delta)
            implements ResponseEvent {}

    /** {@code response.function_call_arguments.done}. */
    record ArgumentsDone(String type, int sequenceNumber, String itemId, int outputIndex, String name,
                         String arguments) implements ResponseEvent {}

    /** {@code error}: a failure after the stream started, before {@code response.failed}. */
    record Error(String type, int sequenceNumber, String code, String message,
                 @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
                 String param) implements ResponseEvent {}
}
