package dev.helix.benchmarks.suite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Figures measured outside the suite (a JMH comparison run by hand, a ten-minute soak), kept one page each in
 * {@code benchmarks/results/} and appended to RESULTS.md each time the suite writes it, so that a rerun of the suite
 * never drops them.
 */
final class SeparateResults {
    private SeparateResults() {
    }

    /** The pages under {@code folder}, in name order, each under its own heading; empty when there are none. */
    static String section(Path folder) {
        if (!Files.isDirectory(folder)) {
            return "";
        }
        List<Path> pages;
        try (Stream<Path> files = Files.list(folder)) {
            pages = files.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (pages.isEmpty()) {
            return "";
        }
        var out = new StringBuilder("\n## Measured outside the suite\n\nFrom `benchmarks/results/`, each page as its "
                + "own run wrote it (the command and the machine's state are in the page).\n");
        for (Path page : pages) {
            try {
                String text = Files.readString(page).strip();
                // the page's own title becomes a level-3 heading under this section
                text = text.replaceAll("(?m)^# ", "### ").replaceAll("(?m)^## ", "#### ");
                out.append('\n').append(text).append('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out.toString();
    }
}
