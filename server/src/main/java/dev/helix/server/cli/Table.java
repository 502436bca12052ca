package dev.helix.server.cli;

import java.util.ArrayList;
import java.util.List;

/** A plain text table with columns as wide as their widest cell. */
final class Table {
    private final List<String[]> rows = new ArrayList<>();

    Table(String... header) {
        rows.add(header);
    }

    void row(String... cells) {
        rows.add(cells);
    }

    @Override
    public String toString() {
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        var out = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                out.append(i == columns - 1 ? row[i] : String.format("%-" + (widths[i] + 3) + "s", row[i]));
            }
            out.append(System.lineSeparator());
        }
        return out.toString();
    }

    /**
     * The rows as a JSON array of objects, keyed by the header in lower case with spaces as underscores: what
     * {@code --json} prints for a listing, the same fields as its table.
     */
    String json() {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var array = mapper.createArrayNode();
        String[] header = rows.get(0);
        for (String[] row : rows.subList(1, rows.size())) {
            var object = array.addObject();
            for (int i = 0; i < header.length; i++) {
                object.put(header[i].toLowerCase(java.util.Locale.ROOT).replace(' ', '_'), row[i]);
            }
        }
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(array);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String bytes(long n) {
        if (n >= 1L << 30) {
            return String.format("%.1f GB", n / (double) (1L << 30));
        }
        if (n >= 1L << 20) {
            return String.format("%.1f MB", n / (double) (1L << 20));
        }
        return String.format("%.0f KB", n / 1024.0);
    }
}
