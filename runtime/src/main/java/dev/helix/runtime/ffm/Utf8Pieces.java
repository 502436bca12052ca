package dev.helix.runtime.ffm;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Token pieces to text without ever splitting a UTF-8 character: a piece that ends inside a character keeps its
 * last bytes until the next piece completes it. Bytes that can never form a character come out as U+FFFD, as
 * llama.cpp's own server writes them.
 */
final class Utf8Pieces {
    private final ByteArrayOutputStream held = new ByteArrayOutputStream();

    /** The text completed by these bytes (maybe empty). */
    String add(byte[] piece) {
        held.writeBytes(piece);
        byte[] all = held.toByteArray();
        int complete = completeLength(all);
        held.reset();
        held.write(all, complete, all.length - complete);
        return new String(all, 0, complete, StandardCharsets.UTF_8);
    }

    /** Whatever is held, as text (an unfinished character becomes U+FFFD). */
    String flush() {
        String rest = held.toString(StandardCharsets.UTF_8);
        held.reset();
        return rest;
    }

    /** The length of the longest prefix that does not end inside a character that later bytes could finish. */
    static int completeLength(byte[] bytes) {
        int n = bytes.length;
        for (int back = 1; back <= Math.min(3, n); back++) {
            int b = bytes[n - back] & 0xFF;
            if ((b & 0xC0) == 0x80) {
                continue; // a continuation byte: look further back for its lead
            }
            int need = b >= 0xF0 && b <= 0xF4 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 && b < 0xE0 ? 2 : 1;
            return need > back ? n - back : n;
        }
        return n;
    }
}
