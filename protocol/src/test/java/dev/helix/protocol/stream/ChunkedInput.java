package dev.helix.protocol.stream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A body that arrives in pieces, as from a socket: each read returns at most what is left of the current piece, and
 * counts the pieces it has started, so a test can see that a reader did not wait for more than it needed.
 */
final class ChunkedInput extends InputStream {
    private final List<byte[]> pieces;
    private int piece;
    private int offset;

    ChunkedInput(List<byte[]> pieces) {
        this.pieces = pieces;
    }

    /** {@code text} split before each of the ascending byte offsets in {@code cuts}. */
    static ChunkedInput cut(String text, int... cuts) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        List<byte[]> pieces = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            pieces.add(Arrays.copyOfRange(bytes, from, cut));
            from = cut;
        }
        pieces.add(Arrays.copyOfRange(bytes, from, bytes.length));
        return new ChunkedInput(pieces);
    }

    /** What a test checks of one way of cutting the input; {@code where} names the cut, for failure messages. */
    interface Check {
        void check(ChunkedInput input, String where) throws IOException;
    }

    /** Runs {@code check} on {@code text} cut into three pieces in every way there is (empty pieces included). */
    static void everyThreeWayCut(String text, Check check) throws IOException {
        int size = text.getBytes(StandardCharsets.UTF_8).length;
        for (int i = 0; i <= size; i++) {
            for (int j = i; j <= size; j++) {
                check.check(cut(text, i, j), "cut at " + i + " and " + j);
            }
        }
    }

    static ChunkedInput of(String... pieces) {
        List<byte[]> bytes = new ArrayList<>();
        for (String p : pieces) {
            bytes.add(p.getBytes(StandardCharsets.UTF_8));
        }
        return new ChunkedInput(bytes);
    }

    /** How many pieces have been handed out, in part or whole. */
    int piecesStarted() {
        return offset > 0 ? piece + 1 : piece;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        while (piece < pieces.size() && offset == pieces.get(piece).length) {
            piece++;
            offset = 0;
        }
        if (piece == pieces.size()) {
            return -1;
        }
        byte[] current = pieces.get(piece);
        int n = Math.min(len, current.length - offset);
        System.arraycopy(current, offset, b, off, n);
        offset += n;
        return n;
    }
}
