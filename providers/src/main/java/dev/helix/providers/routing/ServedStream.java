package dev.helix.providers.routing;

import dev.helix.provider.ChunkStream;

/** A stream that knows which backend serves it: what a {@link BackendGroup} hands out, for metrics and logs. */
public interface ServedStream extends ChunkStream {
    /** The id of the backend the group picked. */
    String backend();
}
