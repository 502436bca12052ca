package dev.helix.runtime.llamacpp;

import java.util.concurrent.CompletableFuture;

/** A request to a runner with one answer, waiting for it since {@code sentAt} (the stall clock's reading). */
final class PendingCall extends CompletableFuture<Frame> {
    final long sentAt;

    PendingCall(long sentAt) {
        this.sentAt = sentAt;
    }
}
