package dev.helix.benchmarks.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Load-run reports as a fixed-width text table, one row per run, and their errors below it. */
public final class ReportTable {
    private static final String[] HEADER = {"run", "conc", "ok", "err", "TTFT p50 ms", "p90", "p99",
            "decode tok/s p50", "aggregate tok/s", "req/s", "peak RSS server MB", "runners MB", "CPU cores"};

    private ReportTable() {}

    public static String render(List<RunReport> reports) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (RunReport r : reports) {
            RunReport.Memory m = r.memory();
            rows.add(new String[] {r.label(), Integer.toString(r.concurrency()), Integer.toString(r.ok()),
                    Integer.toString(r.errors()), fixed(r.ttftMillis().p50(), 1), fixed(r.ttftMillis().p90(), 1),
                    fixed(r.ttftMillis().p99(), 1), fixed(r.decodeTokensPerSecond().p50(), 1),
                    fixed(r.aggregateTokensPerSecond(), 1), fixed(r.requestsPerSecond(), 2),
                    m == null ? "-" : fixed(m.serverPeakRssKb() / 1024.0, 0),
                    m == null ? "-" : fixed(m.runnersPeakRssKb() / 1024.0, 0),
                    m == null || r.wallSeconds() <= 0 ? "-"
                            : fixed((m.serverCpuSeconds() + m.runnersCpuSeconds()) / r.wallSeconds(), 2)});
        }
        int[] widths = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        var out = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                String cell = i == 0 ? pad(row[i], widths[i]) : leftPad(row[i], widths[i]);
                out.append(cell).append(i == row.length - 1 ? "\n" : "  ");
            }
        }
        for (RunReport r : reports) {
            for (Map.Entry<String, Integer> e : r.errorMessages().entrySet()) {
                out.append(r.label()).append(": ").append(e.getValue()).append(" x ").append(e.getKey()).append('\n');
            }
        }
        return out.toString();
    }

    /** A number with {@code digits} decimals, or "-" for NaN. */
    public static String fixed(double value, int digits) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%." + digits + "f", value);
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(width - s.length());
    }

    private static String leftPad(String s, int width) {
        return " ".repeat(width - s.length()) + s;
    }
}
