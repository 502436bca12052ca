package dev.helix.router.pull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import java.util.regex.Pattern;

/**
 * One file fetched to {@code .NAME.partial} beside its destination and renamed only when whole and verified: a broken
 * connection is resumed with an HTTP range from the bytes already on disk (also by a later pull, after a restart), the
 * sha256 is checked against the published digest, and a file that does not match is deleted.
 */
final class Download {
    /** Connections in a row that may break before the pull gives up (each one that made progress resets the count). */
    static final int MAX_BROKEN = 5;
    private static final int BUFFER = 1 << 16;
    /** Progress lines: one per this many bytes (and the first and last). */
    private static final long REPORT_EVERY = 1 << 20;
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    private final HttpClient http;
    private final String token;
    private final ToLongFunction<Path> freeSpace;
    private final String mirrorVariable;

    /**
     * @param token          sent as a bearer token, or null
     * @param mirrorVariable the environment variable that names a mirror of the source, for the offline message
     */
    Download(HttpClient http, String token, ToLongFunction<Path> freeSpace, String mirrorVariable) {
        this.http = http;
        this.token = token;
        this.freeSpace = freeSpace;
        this.mirrorVariable = mirrorVariable;
    }

    static Path partial(Path destination) {
        return destination.resolveSibling("." + destination.getFileName() + ".partial");
    }

    /** Fetches {@code file} to {@code destination}, or leaves a verified file already there as it is. */
    void fetch(RemoteFile file, Path destination, Consumer<PullEvent> progress) {
        try {
            Files.createDirectories(destination.getParent());
            if (Files.isRegularFile(destination) && (file.size() < 0 || Files.size(destination) == file.size())
                    && (file.sha256() == null || file.sha256().equals(sha256(destination)))) {
                long size = Files.size(destination);
                progress.accept(PullEvent.downloading(file.label(), size, size));
                return;
            }
            Path partial = partial(destination);
            long have = Files.exists(partial) ? Files.size(partial) : 0;
            if (file.size() >= 0 && have > file.size()) {
                Files.delete(partial);
                have = 0;
            }
            checkSpace(file, destination, have);
            String published = transfer(file, partial, have, progress);
            String expected = file.sha256() != null ? file.sha256() : published;
            progress.accept(PullEvent.status("verifying sha256 digest"));
            String actual = sha256(partial);
            if (expected != null && !expected.equalsIgnoreCase(actual)) {
                Files.deleteIfExists(partial);
                throw new PullException(500, "digest mismatch for " + file.fileName() + ": expected sha256 " + expected
                        + ", got " + actual + "; the download was removed");
            }
            Files.move(partial, destination, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new PullException(500, "cannot write " + destination + ": " + e.getMessage(), e);
        }
    }

    private void checkSpace(RemoteFile file, Path destination, long have) {
        if (file.size() < 0) {
            return;
        }
        long need = file.size() - have;
        long free = freeSpace.applyAsLong(destination.getParent());
        if (need > free) {
            throw new PullException(507, "not enough disk space for " + file.fileName() + ": " + mb(need)
                    + " needed, " + mb(free) + " free in " + destination.getParent());
        }
    }

    private static String mb(long bytes) {
        return (bytes + (1 << 20) - 1) / (1 << 20) + " MB";
    }

    /**
     * Appends the rest of the file to {@code partial}, resuming after broken connections.
     *
     * @return the digest the server published in {@code X-Linked-Etag} (Hugging Face) when it is a sha256, else null
     */
    private String transfer(RemoteFile file, Path partial, long have, Consumer<PullEvent> progress)
            throws IOException {
        long total = file.size();
        String published = null;
        int broken = 0;
        boolean received = false;
        while (true) {
            var request = HttpRequest.newBuilder(file.url()).timeout(Duration.ofMinutes(5)).GET();
            if (have > 0) {
                request.header("Range", "bytes=" + have + "-");
            }
            if (token != null && !token.isBlank()) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<InputStream> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                if (!received || ++broken > MAX_BROKEN) {
                    throw Network.unreachable(file.url(), e, mirrorVariable); // offline or blocked: say so at once
                }
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PullException(500, "interrupted");
            }
            int status = response.statusCode();
            published = published != null ? published : linkedEtag(response);
            boolean append;
            try (InputStream body = response.body()) {
                if (status == 416 && total >= 0 && have == total) {
                    return published;
                }
                if (status == 206) {
                    var range = CONTENT_RANGE.matcher(response.headers().firstValue("Content-Range").orElse(""));
                    append = range.matches() && Long.parseLong(range.group(1)) == have;
                    if (range.matches() && !range.group(3).equals("*")) {
                        total = Long.parseLong(range.group(3));
                    }
                    if (!append) {
                        throw new PullException(502, file.url().getHost() + " sent another range than asked for");
                    }
                } else if (status == 200) {
                    append = false; // the server ignores ranges: start again
                    have = 0;
                    total = response.headers().firstValueAsLong("Content-Length").orElse(total);
                } else if (status == 404) {
                    throw new PullException(404, file.url() + " not found");
                } else {
                    throw new PullException(502, file.url().getHost() + " answered HTTP " + status + " for "
                            + file.fileName());
                }
                long before = have;
                try (OutputStream out = Files.newOutputStream(partial, StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE, append ? StandardOpenOption.APPEND
                                : StandardOpenOption.TRUNCATE_EXISTING)) {
                    progress.accept(PullEvent.downloading(file.label(), Math.max(total, 0), have));
                    byte[] buffer = new byte[BUFFER];
                    long reported = have;
                    int n;
                    while ((n = body.read(buffer)) >= 0) {
                        received = true;
                        out.write(buffer, 0, n);
                        have += n;
                        if (have - reported >= REPORT_EVERY) {
                            progress.accept(PullEvent.downloading(file.label(), Math.max(total, 0), have));
                            reported = have;
                        }
                    }
                } catch (IOException e) {
                    if (have > before) {
                        broken = 0; // it made progress: keep going
                    }
                    if (++broken > MAX_BROKEN) {
                        throw new PullException(502, "the connection to " + file.url().getHost() + " broke "
                                + MAX_BROKEN + " times in a row downloading " + file.fileName() + "; run the pull "
                                + "again to resume from " + have + " bytes", e);
                    }
                    continue;
                }
            }
            if (total < 0 || have >= total) {
                progress.accept(PullEvent.downloading(file.label(), have, have));
                return published;
            }
            // the body ended early without an error: resume from what arrived
        }
    }

    private static String linkedEtag(HttpResponse<?> response) {
        String etag = response.headers().firstValue("X-Linked-Etag").orElse(null);
        if (etag == null) {
            return null;
        }
        String v = etag.replace("W/", "").replace("\"", "").strip().toLowerCase(java.util.Locale.ROOT);
        return v.matches("[0-9a-f]{64}") ? v : null;
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            var sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[BUFFER];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                sha.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
