package dev.helix.benchmarks.jmh;

import java.io.OutputStream;

/** Where benchmarked streams write: counts the bytes, keeps none, so only the encoding is measured. */
public final class CountingSink extends OutputStream {
    private long bytes;

    @Override
    public void write(int b) {
        bytes++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        bytes += len;
    }

    public long bytes() {
        return bytes;
    }
}
