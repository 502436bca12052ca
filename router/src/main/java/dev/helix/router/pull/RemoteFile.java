package dev.helix.router.pull;

import java.net.URI;

/**
 * A file to download.
 *
 * @param url      where it is
 * @param fileName the name it gets on disk
 * @param size     its bytes as the source lists them, or -1 when unknown until the download starts
 * @param sha256   its published digest (hex), or null when the source publishes none
 */
public record RemoteFile(URI url, String fileName, long size, String sha256) {
    public RemoteFile {
        if (fileName.isBlank() || fileName.contains("/") || fileName.contains("\\") || fileName.startsWith(".")) {
            throw new PullException(400, "not a file name to save: \"" + fileName + "\"");
        }
    }

    /** What progress lines call it: {@code sha256:HEX}, or its name. */
    public String label() {
        return sha256 != null ? "sha256:" + sha256 : fileName;
    }
}
