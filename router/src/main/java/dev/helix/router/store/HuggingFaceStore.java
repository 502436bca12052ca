package dev.helix.router.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The Hugging Face hub cache ({@code ~/.cache/huggingface/hub}): {@code models--ORG--REPO/snapshots/REV/FILE.gguf},
 * each a link into {@code blobs/} named by the file's sha256. The revision {@code refs/main} names is read (else the
 * newest snapshot). Files are named as Ollama names them, {@code hf.co/ORG/REPO:QUANT}.
 */
public record HuggingFaceStore(Path root) implements ModelStore {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    @Override
    public StoreKind kind() {
        return StoreKind.HUGGING_FACE;
    }

    @Override
    public List<StoredModel> scan() {
        var models = new ArrayList<StoredModel>();
        for (Path repoDir : GgufFolder.files(root)) {
            String dirName = repoDir.getFileName().toString();
            if (!dirName.startsWith("models--")) {
                continue;
            }
            String[] parts = dirName.substring("models--".length()).split("--", 2);
            Path snapshot = snapshot(repoDir);
            if (parts.length < 2 || snapshot == null) {
                continue;
            }
            models.addAll(repository(parts[0], parts[1], snapshot));
        }
        return models;
    }

    private List<StoredModel> repository(String org, String repo, Path snapshot) {
        var models = new ArrayList<StoredModel>();
        var names = new HashSet<String>();
        Path projector = null;
        for (Path dir : GgufFolder.folders(snapshot, 2)) {
            projector = projector != null ? projector : GgufFolder.projector(dir);
            for (GgufFolder.Model m : GgufFolder.models(dir)) {
                String name = QuantTag.hfName(org, repo, m.stem());
                if (!names.add(name)) {
                    name = "hf.co/" + org + "/" + repo + ":" + m.stem();
                }
                models.add(new StoredModel(name, m.file(), kind(), m.parts(), null, ModelPreset.NONE,
                        blobDigest(m.file()), null));
            }
        }
        Path p = projector;
        return models.stream().map(m -> m.withProjector(p)).toList();
    }

    /** The snapshot {@code refs/main} points at, else the most recently changed one, else null. */
    private static Path snapshot(Path repoDir) {
        Path snapshots = repoDir.resolve("snapshots");
        try {
            Path ref = repoDir.resolve("refs").resolve("main");
            if (Files.isRegularFile(ref)) {
                Path named = snapshots.resolve(Files.readString(ref).strip());
                if (Files.isDirectory(named)) {
                    return named;
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through to the newest snapshot
        }
        return GgufFolder.files(snapshots).stream().filter(Files::isDirectory)
                .max(Comparator.comparing(HuggingFaceStore::modified)).orElse(null);
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    /** The sha256 the hub cache names a file's blob by, when the file is a link to one. */
    private static String blobDigest(Path file) {
        try {
            if (Files.isSymbolicLink(file)) {
                String blob = Files.readSymbolicLink(file).getFileName().toString();
                return SHA256.matcher(blob).matches() ? blob : null;
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }
}
