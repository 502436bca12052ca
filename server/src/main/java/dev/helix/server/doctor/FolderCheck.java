package dev.helix.server.doctor;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/** Folders Helix writes to (its home, the models folder) and the free space where models are kept. */
public final class FolderCheck {
    /** Below this much free space a pulled model may not fit. */
    public static final long LOW_SPACE = 2L << 30;

    private FolderCheck() {}

    /** Writable when it exists (a file is created and deleted there), or creatable when it does not yet. */
    public static Check writable(String name, Path folder) {
        if (Files.isDirectory(folder)) {
            try {
                Files.delete(Files.createTempFile(folder, ".helix-doctor-", ".tmp"));
                return Check.ok(name, folder + " is writable");
            } catch (IOException e) {
                return Check.fail(name, folder + " is not writable: " + e, "give yourself write access: chmod u+w "
                        + folder + " (or choose another folder with --models-dir / HELIX_MODELS)");
            }
        }
        if (Files.exists(folder)) {
            return Check.fail(name, folder + " exists but is not a folder", "move that file away");
        }
        Path parent = existingParent(folder);
        if (parent != null && Files.isWritable(parent)) {
            return Check.ok(name, folder + " does not exist yet; it will be created in " + parent);
        }
        return Check.fail(name, folder + " does not exist and " + parent + " is not writable",
                "create it: mkdir -p " + folder);
    }

    /** Free space on the file system that holds {@code folder}: a warn below {@code low} bytes. */
    public static Check freeSpace(Path folder, long low) {
        Path existing = Files.exists(folder) ? folder : existingParent(folder);
        if (existing == null) {
            return Check.warn("disk space", "cannot find the file system of " + folder, "create " + folder);
        }
        try {
            FileStore store = Files.getFileStore(existing);
            long free = store.getUsableSpace();
            String detail = gigabytes(free) + " free in " + existing + " (" + gigabytes(store.getTotalSpace())
                    + " in all)";
            if (free < low) {
                return Check.warn("disk space", detail + ", below " + gigabytes(low),
                        "free some space there; a 7B model takes about 4-5 GB");
            }
            return Check.ok("disk space", detail);
        } catch (IOException e) {
            return Check.warn("disk space", "cannot read the free space of " + existing + ": " + e.getMessage(),
                    "check it yourself: df -h " + existing);
        }
    }

    private static String gigabytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30));
    }

    private static Path existingParent(Path folder) {
        for (Path p = folder.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        return null;
    }
}
