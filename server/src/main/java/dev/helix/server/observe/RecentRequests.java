package dev.helix.server.observe;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** The last requests and the last failed ones, newest first, for the dashboard. */
public final class RecentRequests {
    private final int capacity;
    private final ArrayDeque<FinishedRequest> all = new ArrayDeque<>();
    private final ArrayDeque<FinishedRequest> failed = new ArrayDeque<>();

    public RecentRequests(int capacity) {
        this.capacity = capacity;
    }

    public synchronized void add(FinishedRequest request) {
        push(all, request);
        if (request.failed()) {
            push(failed, request);
        }
    }

    private void push(ArrayDeque<FinishedRequest> queue, FinishedRequest request) {
        queue.addFirst(request);
        if (queue.size() > capacity) {
            queue.removeLast();
        }
    }

    /** The body of {@code GET /helix/requests}. */
    public record Listing(List<FinishedRequest> requests, List<FinishedRequest> errors) {}

    public synchronized Listing listing() {
        return new Listing(new ArrayList<>(all), new ArrayList<>(failed));
    }
}
