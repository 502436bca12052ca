package dev.helix.providers.fake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A captured answer of a real server: {@code NAME.headers} (status line and headers) and {@code NAME.body}. */
record Capture(int status, Map<String, String> headers, String body) {

    static Capture read(Path dir, String name) {
        try {
            List<String> lines = Files.readAllLines(dir.resolve(name + ".headers"));
            int status = Integer.parseInt(lines.getFirst().split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line : lines.subList(1, lines.size())) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.put(line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
                }
            }
            return new Capture(status, headers, Files.readString(dir.resolve(name + ".body")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }
}
