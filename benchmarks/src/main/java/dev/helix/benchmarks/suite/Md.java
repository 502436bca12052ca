package dev.helix.benchmarks.suite;

import java.util.List;
import java.util.Locale;

/** Small Markdown helpers for the results page. */
final class Md {
    private Md() {}

    static String f(double value, int digits) {
        return Double.isNaN(value) || Double.isInfinite(value) ? "–" : String.format(Locale.ROOT, "%,." + digits + "f", value);
    }

    static String mb(long kb) {
        return f(kb / 1024.0, 0) + " MB";
    }

    static String x(double ratio) {
        return f(ratio, 2) + "x";
    }

    static String verdict(boolean pass) {
        return pass ? "**pass**" : "**miss**";
    }

    static void row(StringBuilder out, Object... cells) {
        out.append('|');
        for (Object c : cells) {
            out.append(' ').append(String.valueOf(c).replace("|", "\\|").replace("\n", " ")).append(" |");
        }
        out.append('\n');
    }

    static void header(StringBuilder out, String... cells) {
        row(out, (Object[]) cells);
        out.append('|').append("---|".repeat(cells.length)).append('\n');
    }

    static String list(List<Double> values, int digits) {
        return String.join(", ", values.stream().map(v -> f(v, digits)).toList());
    }
}
