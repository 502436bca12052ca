package dev.helix.router;

import java.nio.file.Path;

/**
 * A model file whose GGUF header cannot be read, as found by the catalog's last scan of the models folder.
 *
 * @param id         the name it would have: its file stem, or its configured id
 * @param path       the file
 * @param reason     what is wrong: {@link #FILE_NOT_FOUND}, or the reader's error, e.g. "not a GGUF file: only 0 bytes"
 * @param configured true for a model listed in models.yaml, which stays in the catalog (and fails to load until the
 *                   file is fixed); false for a file found in the models folder, which is left out
 */
public record UnreadableModel(String id, Path path, String reason, boolean configured) {
    /** The reason of a file that is not there. */
    public static final String FILE_NOT_FOUND = "file not found";

    /** Whether the file is not there at all (rather than there but unreadable). */
    public boolean missing() {
        return reason.equals(FILE_NOT_FOUND);
    }
}
