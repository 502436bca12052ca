package dev.helix.router.upstream;

import dev.helix.provider.ModelInfo;
import dev.helix.router.Lease;
import java.util.List;

/** The router's own models, as the routing of several backends sees them: a target like any other. */
public interface LocalModels {

    /** A lease on a local model (loading it if needed), never through the routing of several backends. */
    Lease acquireLocal(String name);

    /** Whether a name is a local model's (id, alias, {@code :latest} tag). */
    boolean servesLocally(String name);

    /** The local models, described. */
    List<ModelInfo> localModels();
}
