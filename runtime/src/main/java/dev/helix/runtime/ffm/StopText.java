package dev.helix.runtime.ffm;

import java.util.List;

/**
 * Stop strings over streamed text: text that may be the start of a stop string is held back until the next piece
 * settles it; when a stop string appears, the text before it is the last to go out.
 */
final class StopText {
    private final List<String> stops;
    private String pending = "";
    private boolean stopped;

    StopText(List<String> stops) {
        this.stops = stops.stream().filter(s -> !s.isEmpty()).toList();
    }

    /** The text that may go out now. */
    String offer(String text) {
        if (stopped) {
            return "";
        }
        if (stops.isEmpty()) {
            return text;
        }
        pending += text;
        int first = -1;
        for (String stop : stops) {
            int at = pending.indexOf(stop);
            if (at >= 0 && (first < 0 || at < first)) {
                first = at;
            }
        }
        if (first >= 0) {
            stopped = true;
            String out = pending.substring(0, first);
            pending = "";
            return out;
        }
        int hold = 0;
        for (String stop : stops) {
            for (int k = Math.min(stop.length() - 1, pending.length()); k > hold; k--) {
                if (pending.endsWith(stop.substring(0, k))) {
                    hold = k;
                    break;
                }
            }
        }
        int cut = pending.length() - hold;
        if (cut > 0 && Character.isHighSurrogate(pending.charAt(cut - 1))) {
            cut--;
        }
        String out = pending.substring(0, cut);
        pending = pending.substring(cut);
        return out;
    }

    boolean stopped() {
        return stopped;
    }

    /** The held text at the end of the generation (it turned out not to be a stop string). */
    String flush() {
        String out = stopped ? "" : pending;
        pending = "";
        return out;
    }
}
