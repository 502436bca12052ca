package dev.helix.runtime.reasoning;

/**
 * Splits a reasoning model's {@code <think>...</think>} block off the start of its output, as it streams: text inside
 * the block is thinking, the rest content. Used by {@link ReasoningStream} when a request asks to think and the
 * model's template marks reasoning; otherwise the output stays as it is.
 */
final class ThinkSplitter {
    private static final String OPEN = "<think>";
    private static final String CLOSE = "</think>";

    /** A piece of each kind; either may be empty. */
    record Split(String thinking, String content) {}

    private enum State { START, THINKING, CONTENT }

    private final StringBuilder pending = new StringBuilder();
    private State state = State.START;
    private boolean afterThinking;

    Split feed(String text) {
        pending.append(text);
        return drain(false);
    }

    /** What is still held, at the end of the output. */
    Split finish() {
        return drain(true);
    }

    private Split drain(boolean atEnd) {
        var thinking = new StringBuilder();
        var content = new StringBuilder();
        while (true) {
            switch (state) {
                case START -> {
                    String start = pending.toString().stripLeading();
                    if (start.startsWith(OPEN)) {
                        pending.setLength(0);
                        pending.append(start.substring(OPEN.length()));
                        state = State.THINKING;
                        continue;
                    }
                    if (OPEN.startsWith(start) && !atEnd) {
                        return new Split("", "");
                    }
                    state = State.CONTENT;
                }
                case THINKING -> {
                    int end = pending.indexOf(CLOSE);
                    if (end >= 0) {
                        thinking.append(pending, 0, end);
                        pending.delete(0, end + CLOSE.length());
                        state = State.CONTENT;
                        afterThinking = true;
                        continue;
                    }
                    int keep = atEnd ? 0 : held(pending);
                    thinking.append(pending, 0, pending.length() - keep);
                    pending.delete(0, pending.length() - keep);
                    return new Split(thinking.toString(), content.toString());
                }
                case CONTENT -> {
                    String text = pending.toString();
                    if (afterThinking) {
                        text = text.stripLeading();
                        afterThinking = text.isEmpty();
                    }
                    content.append(text);
                    pending.setLength(0);
                    return new Split(thinking.toString(), content.toString());
                }
            }
        }
    }

    /** The longest end of the text that may grow into the closing marker. */
    private static int held(CharSequence text) {
        for (int n = Math.min(CLOSE.length() - 1, text.length()); n > 0; n--) {
            if (text.subSequence(text.length() - n, text.length()).toString().equals(CLOSE.substring(0, n))) {
                return n;
            }
        }
        return 0;
    }
}
