package dev.helix.server.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A Hugging Face hub and an Ollama registry on an ephemeral local port. The registry: {@code GET
 * /v2/NAMESPACE/NAME/manifests/TAG} sends a manifest, {@code GET /v2/NAMESPACE/NAME/blobs/sha256:HEX} redirects (307)
 * to {@code /cdn/sha256-HEX}, which serves the blob as the hub serves files. The hub, speaking its wire shape: {@code GET /api/models/ORG/REPO/tree/main}
 * lists files with {@code lfs.oid} (sha256) and sizes, {@code GET /ORG/REPO/resolve/main/FILE} serves them with
 * {@code X-Linked-Etag} and honours {@code Range: bytes=N-} with 206. A file can be set to break its first connection
 * halfway (the socket is closed mid-body), to be served with contents that do not match its listed digest, or to
 * wait at a gate. One request per connection ({@code Connection: close}), so a dropped connection is a real one.
 */
final class FakeHub implements AutoCloseable {
    record Served(String path, String range, String accept, String authorization) {}

    private record Repo(Map<String, byte[]> files, Map<String, String> listedDigests) {}

    private final ServerSocket server;
    private final java.util.concurrent.ExecutorService threads =
            java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Repo> repos = new ConcurrentHashMap<>();
    private final Map<String, byte[]> actualContent = new ConcurrentHashMap<>();
    private final Map<String, Boolean> breakOnce = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();
    private final Map<String, String> manifests = new ConcurrentHashMap<>();
    private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    final CountDownLatch gateReached = new CountDownLatch(1);
    final List<Served> requests = new CopyOnWriteArrayList<>();

    FakeHub() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.submit(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    threads.submit(() -> serve(socket));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    /** A request as this fake needs it: method, path and headers (lower-case names). */
    private record Exchange(String path, Map<String, String> headers, OutputStream out) {}

    private void serve(Socket socket) {
        try (socket) {
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            String requestLine = in.readLine();
            if (requestLine == null) {
                return;
            }
            var headers = new java.util.HashMap<String, String>();
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).strip().toLowerCase(java.util.Locale.ROOT),
                        line.substring(colon + 1).strip());
            }
            handle(new Exchange(URI.create(requestLine.split(" ")[1]).getPath(), headers, socket.getOutputStream()));
        } catch (IOException | RuntimeException e) {
            // the client went away
        }
    }

    private static void head(Exchange ex, int status, long length, Map<String, String> headers) throws IOException {
        var head = new StringBuilder("HTTP/1.1 " + status + " X\r\nConnection: close\r\nContent-Length: " + length
                + "\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        ex.out().write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/");
    }

    void repo(String repo, Map<String, byte[]> files) {
        var digests = new ConcurrentHashMap<String, String>();
        files.forEach((name, bytes) -> digests.put(name, sha256(bytes)));
        repos.put(repo, new Repo(Map.copyOf(files), digests));
    }

    /** Serves other bytes for a file than the listing's digest names. */
    void corrupt(String repo, String file, byte[] served) {
        actualContent.put(repo + "/" + file, served);
    }

    void breakFirstConnection(String repo, String file) {
        breakOnce.put(repo + "/" + file, true);
    }

    /** Holds the file's responses until the returned latch is counted down; {@link #gateReached} when one waits. */
    CountDownLatch gate(String repo, String file) {
        var gate = new CountDownLatch(1);
        gates.put(repo + "/" + file, gate);
        return gate;
    }

    /**
     * A model of the registry: its layers (media type to contents, in order) and a config blob; returns the manifest
     * it serves.
     */
    String ollamaModel(String namespace, String name, String tag, Map<String, byte[]> layers) {
        var json = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":")
                .append("\"application/vnd.docker.distribution.manifest.v2+json\",\"config\":")
                .append(descriptor("application/vnd.docker.container.image.v1+json",
                        ("{\"model_format\":\"gguf\",\"model_family\":\"llama\",\"model_type\":\"" + tag + "\"}")
                                .getBytes(StandardCharsets.UTF_8)))
                .append(",\"layers\":[");
        String separator = "";
        for (var layer : layers.entrySet()) {
            json.append(separator).append(descriptor(layer.getKey(), layer.getValue()));
            separator = ",";
        }
        String manifest = json.append("]}").toString();
        manifests.put(namespace + "/" + name + ":" + tag, manifest);
        return manifest;
    }

    private String descriptor(String mediaType, byte[] content) {
        String hex = sha256(content);
        blobs.put(hex, content);
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"sha256:" + hex + "\",\"size\":" + content.length + "}";
    }

    /** Serves other bytes for a blob than its digest names. */
    void corruptBlob(String sha256, byte[] served) {
        actualContent.put("blob/" + sha256, served);
    }

    void breakFirstBlobConnection(String sha256) {
        breakOnce.put("blob/" + sha256, true);
    }

    long downloads(String file) {
        return requests.stream().filter(r -> r.path().endsWith("/" + file)).count();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void handle(Exchange ex) throws IOException {
        String path = ex.path();
        requests.add(new Served(path, ex.headers().get("range"), ex.headers().get("accept"),
                ex.headers().get("authorization")));
        try {
            if (path.startsWith("/v2/") && path.contains("/manifests/")) {
                String manifest = manifests.get(path.substring("/v2/".length()).replace("/manifests/", ":"));
                if (manifest == null) {
                    send(ex, 404, ("{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}")
                            .getBytes(StandardCharsets.UTF_8));
                } else {
                    send(ex, 200, manifest.getBytes(StandardCharsets.UTF_8));
                }
            } else if (path.startsWith("/v2/") && path.contains("/blobs/sha256:")) {
                String hex = path.substring(path.indexOf("/blobs/sha256:") + "/blobs/sha256:".length());
                head(ex, 307, 0, Map.of("Location", url().resolve("/cdn/sha256-" + hex + "?expires=1").toString()));
            } else if (path.startsWith("/cdn/sha256-")) {
                String hex = path.substring("/cdn/sha256-".length());
                byte[] blob = blobs.get(hex);
                if (blob == null) {
                    send(ex, 404, "NoSuchKey".getBytes(StandardCharsets.UTF_8));
                } else {
                    serve(ex, "blob/" + hex, blob, hex);
                }
            } else if (path.startsWith("/api/models/") && path.endsWith("/tree/main")) {
                tree(ex, path.substring("/api/models/".length(), path.length() - "/tree/main".length()));
            } else if (path.contains("/resolve/main/")) {
                file(ex, path.substring(1, path.indexOf("/resolve/main/")),
                        path.substring(path.indexOf("/resolve/main/") + "/resolve/main/".length()));
            } else {
                send(ex, 404, "{\"error\":\"Repository not found\"}".getBytes(StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void tree(Exchange ex, String repoName) throws IOException {
        Repo repo = repos.get(repoName);
        if (repo == null) {
            send(ex, 404, "{\"error\":\"Repository not found\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        var json = new StringBuilder("[{\"type\":\"file\",\"oid\":\"a1b2\",\"size\":22,\"path\":\"README.md\"}");
        repo.files().forEach((name, bytes) -> json.append(",{\"type\":\"file\",\"oid\":\"9f8e7d\",\"size\":")
                .append(bytes.length).append(",\"path\":\"").append(name).append("\",\"lfs\":{\"oid\":\"")
                .append(repo.listedDigests().get(name)).append("\",\"size\":").append(bytes.length)
                .append(",\"pointerSize\":135}}"));
        send(ex, 200, json.append("]").toString().getBytes(StandardCharsets.UTF_8));
    }

    private void file(Exchange ex, String repoName, String name) throws IOException, InterruptedException {
        Repo repo = repos.get(repoName);
        String key = repoName + "/" + name;
        if (repo == null || !repo.files().containsKey(name)) {
            send(ex, 404, "Entry not found".getBytes(StandardCharsets.UTF_8));
            return;
        }
        serve(ex, key, repo.files().get(name), repo.listedDigests().get(name));
    }

    /** Serves bytes as the hub's files and the registry's CDN do: ranges, and the file's gate, break and corruption. */
    private void serve(Exchange ex, String key, byte[] listed, String digest) throws IOException, InterruptedException {
        CountDownLatch gate = gates.get(key);
        if (gate != null) {
            gateReached.countDown();
            gate.await(60, TimeUnit.SECONDS);
        }
        byte[] content = actualContent.getOrDefault(key, listed);
        var headers = new java.util.LinkedHashMap<String, String>();
        headers.put("X-Linked-Etag", "\"" + digest + "\"");
        headers.put("Accept-Ranges", "bytes");
        String range = ex.headers().get("range");
        int from = 0;
        if (range != null && range.matches("bytes=\\d+-")) {
            from = Integer.parseInt(range.substring(6, range.length() - 1));
            headers.put("Content-Range", "bytes " + from + "-" + (content.length - 1) + "/" + content.length);
        }
        head(ex, range != null ? 206 : 200, content.length - from, headers);
        if (breakOnce.remove(key) != null) {
            ex.out().write(content, from, (content.length - from) / 2);
            ex.out().flush();
            return; // the socket closes halfway through the body: a broken connection
        }
        ex.out().write(content, from, content.length - from);
        ex.out().flush();
    }

    private static void send(Exchange ex, int status, byte[] body) throws IOException {
        head(ex, status, body.length, Map.of());
        ex.out().write(body);
        ex.out().flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}
