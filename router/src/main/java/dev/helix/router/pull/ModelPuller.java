package dev.helix.router.pull;

import dev.helix.router.GgufFiles;
import dev.helix.router.store.HelixStore;
import dev.helix.router.store.OllamaLayout;
import dev.helix.router.store.QuantTag;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * Pulls GGUF models into Helix's own store: a model of Ollama's registry ({@code llama3.2:1b}) in Ollama's layout
 * under {@code ollama/} (its blobs, then its manifest), {@code hf.co/ORG/REPO:QUANT} (as Ollama names Hugging Face
 * models) to {@code hf.co/ORG/REPO/FILE} under it, a plain URL to its file name. Two pulls of the same file share one
 * download: the second sees the first's progress and its outcome. Thread-safe.
 */
public final class ModelPuller implements AutoCloseable {
    /** The Hugging Face hub, unless {@code HF_ENDPOINT} names another (a mirror, or a test's fake). */
    public static final URI HUGGING_FACE = URI.create("https://huggingface.co/");

    private final HttpClient http;
    private final HubApi hub;
    private final Download download;
    private final OllamaRegistry registry;
    private final Download registryDownload;
    private final Map<Path, Transfer> transfers = new ConcurrentHashMap<>();
    private final ToLongFunction<Path> freeSpace;

    /**
     * One download in flight and everyone waiting for it. The pull that started it gets its progress first (a failure
     * to pass it on, such as its client going away, stops the download: the partial file stays for the next pull to
     * resume); a joined pull that cannot take progress any more is dropped without disturbing the download.
     */
    private static final class Transfer {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        final List<Consumer<PullEvent>> joined = new CopyOnWriteArrayList<>();

        void publish(Consumer<PullEvent> owner, PullEvent event) {
            owner.accept(event);
            for (Consumer<PullEvent> listener : joined) {
                try {
                    listener.accept(event);
                } catch (RuntimeException e) {
                    joined.remove(listener);
                }
            }
        }
    }

    /**
     * @param hubBase   the Hugging Face endpoint
     * @param token     sent as a bearer token to the hub (gated models), or null
     * @param freeSpace usable bytes in a folder ({@link #usableSpace} outside tests)
     */
    public ModelPuller(URI hubBase, String token, ToLongFunction<Path> freeSpace) {
        this(hubBase, token, OllamaRegistry.DEFAULT, freeSpace);
    }

    /**
     * @param hubBase        the Hugging Face endpoint
     * @param token          sent as a bearer token to the hub (gated models), or null; never to Ollama's registry
     * @param ollamaRegistry Ollama's registry
     * @param freeSpace      usable bytes in a folder ({@link #usableSpace} outside tests)
     */
    public ModelPuller(URI hubBase, String token, URI ollamaRegistry, ToLongFunction<Path> freeSpace) {
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(15)).build();
        this.hub = new HubApi(http, hubBase, token);
        this.download = new Download(http, token, freeSpace, "HF_ENDPOINT");
        this.registry = new OllamaRegistry(http, ollamaRegistry);
        this.registryDownload = new Download(http, null, freeSpace, OllamaRegistry.MIRROR_VARIABLE);
        this.freeSpace = freeSpace;
    }

    /**
     * The hub from {@code HF_ENDPOINT} (else huggingface.co), the token from {@code HF_TOKEN}, Ollama's registry from
     * {@code HELIX_OLLAMA_REGISTRY} (else registry.ollama.ai).
     */
    public static ModelPuller fromEnvironment(Map<String, String> env) {
        String endpoint = env.get("HF_ENDPOINT");
        String registry = env.get(OllamaRegistry.MIRROR_VARIABLE);
        return new ModelPuller(endpoint == null || endpoint.isBlank() ? HUGGING_FACE : URI.create(endpoint),
                env.get("HF_TOKEN"), registry == null || registry.isBlank() ? OllamaRegistry.DEFAULT
                : URI.create(registry.strip()), ModelPuller::usableSpace);
    }

    public static long usableSpace(Path dir) {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            return Long.MAX_VALUE; // unknown: let the write itself fail if it must
        }
    }

    /**
     * Pulls a model into {@code store}, reporting progress in Ollama's order.
     *
     * @return the name the pulled model is served under
     * @throws PullException with the one line to show
     */
    public String pull(String name, HelixStore store, Consumer<PullEvent> progress) {
        progress.accept(PullEvent.status("pulling manifest"));
        PullSource source = PullSource.parse(name);
        String served;
        Runnable manifest = () -> { };
        switch (source) {
            case PullSource.Ollama model -> {
                OllamaManifest m = registry.manifest(model);
                Path root = store.ollamaRoot();
                requireSpace(model.servedName(), m.blobs().stream().collect(java.util.stream.Collectors.toMap(
                        blob -> OllamaLayout.blob(root, blob.sha256()), OllamaManifest.Blob::size, Long::sum)));
                for (OllamaManifest.Blob blob : m.blobs()) {
                    var file = new RemoteFile(registry.blob(model, blob), "sha256-" + blob.sha256(), blob.size(),
                            blob.sha256());
                    fetch(registryDownload, file, OllamaLayout.blob(root, blob.sha256()), e -> progress.accept(
                            e.digest() != null && e.total() != null ? PullEvent.pulling(e.digest(), e.total(),
                                    e.completed()) : e));
                }
                manifest = () -> writeManifest(OllamaLayout.manifest(root, model.namespace(), model.model(),
                        model.tag()), m.bytes());
                served = model.servedName();
            }
            case PullSource.HuggingFace hf -> {
                List<RemoteFile> files = hub.files(hf);
                Path folder = store.hfFolder(hf.org(), hf.repo());
                requireSpace(name, files.stream().collect(java.util.stream.Collectors.toMap(
                        file -> folder.resolve(file.fileName()), RemoteFile::size, Long::sum)));
                for (RemoteFile file : files) {
                    fetch(download, file, folder.resolve(file.fileName()), progress);
                }
                served = QuantTag.hfName(hf.org(), hf.repo(), GgufFiles.stem(files.get(0).fileName()));
            }
            case PullSource.Url url -> {
                RemoteFile file = urlFile(url.uri());
                fetch(download, file, store.root().resolve(file.fileName()), progress);
                served = GgufFiles.stem(file.fileName());
            }
        }
        progress.accept(PullEvent.status("writing manifest"));
        manifest.run();
        progress.accept(PullEvent.status("success"));
        return served;
    }

    /**
     * Refuses a pull whose files together need more room than there is, before any is fetched (each download checks
     * its own file again as it starts): what is already whole, or partly there, counts as fetched. Files of unknown
     * size count nothing.
     */
    private void requireSpace(String model, Map<Path, Long> sizes) {
        long need = 0;
        Path folder = null;
        for (var entry : sizes.entrySet()) {
            Path destination = entry.getKey();
            long size = entry.getValue();
            folder = folder == null ? destination.getParent() : folder;
            if (size < 0 || Files.isRegularFile(destination)) {
                continue;
            }
            Path partial = Download.partial(destination);
            long have = 0;
            try {
                have = Files.isRegularFile(partial) ? Math.min(Files.size(partial), size) : 0;
            } catch (IOException e) {
                // unreadable: count it as absent
            }
            need += size - have;
        }
        if (folder == null || need == 0) {
            return;
        }
        Path existing = folder;
        while (existing != null && !Files.isDirectory(existing)) {
            existing = existing.getParent();
        }
        long free = existing == null ? Long.MAX_VALUE : freeSpace.applyAsLong(existing);
        if (need > free) {
            throw new PullException(507, "not enough disk space for " + model + ": " + mb(need) + " needed, "
                    + mb(free) + " free in " + existing);
        }
    }

    private static String mb(long bytes) {
        return (bytes + (1 << 20) - 1) / (1 << 20) + " MB";
    }

    private static void writeManifest(Path file, byte[] bytes) {
        try {
            OllamaLayout.writeManifest(file, bytes);
        } catch (IOException e) {
            throw new PullException(500, "cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static RemoteFile urlFile(URI uri) {
        String path = uri.getPath() == null ? "" : uri.getPath();
        String fileName = java.net.URLDecoder.decode(path.substring(path.lastIndexOf('/') + 1),
                java.nio.charset.StandardCharsets.UTF_8);
        if (!fileName.toLowerCase(java.util.Locale.ROOT).endsWith(".gguf")) {
            throw new PullException(400, "a URL to pull must name a .gguf file: " + uri);
        }
        String fragment = uri.getFragment();
        String sha = fragment != null && fragment.matches("sha256=[0-9a-fA-F]{64}")
                ? fragment.substring("sha256=".length()).toLowerCase(java.util.Locale.ROOT) : null;
        URI withoutFragment = URI.create(uri.toString().replaceFirst("#.*$", ""));
        return new RemoteFile(withoutFragment, fileName, -1, sha);
    }

    /** Downloads one file, or joins the download of it already in flight. */
    private void fetch(Download download, RemoteFile file, Path destination, Consumer<PullEvent> progress) {
        Path key = destination.toAbsolutePath().normalize();
        var mine = new Transfer();
        Transfer running = transfers.putIfAbsent(key, mine);
        if (running != null) {
            running.joined.add(progress);
            try {
                running.done.join();
                return;
            } catch (CompletionException e) {
                throw e.getCause() instanceof PullException p ? p : new PullException(500, e.getCause().toString());
            } finally {
                running.joined.remove(progress);
            }
        }
        try {
            download.fetch(file, key, event -> mine.publish(progress, event));
            mine.done.complete(null);
        } catch (RuntimeException e) {
            mine.done.completeExceptionally(e);
            throw e;
        } finally {
            transfers.remove(key, mine);
        }
    }

    /** Files being downloaded now, by destination, to the number of other pulls that joined each (status, tests). */
    public Map<Path, Integer> inFlight() {
        var flights = new java.util.HashMap<Path, Integer>();
        transfers.forEach((path, transfer) -> flights.put(path, transfer.joined.size()));
        return flights;
    }

    @Override
    public void close() {
        http.shutdownNow(); // close() would wait for a download a client left behind
    }

}
