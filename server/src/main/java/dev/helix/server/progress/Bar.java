package dev.helix.server.progress;

/** A progress bar as text: {@code label  45% ▕█████████           ▏ counts}. */
public final class Bar {
    private static final int WIDTH = 25;

    private Bar() {}

    public static String render(String label, long completed, long total, String counts) {
        int percent = (int) Math.min(100, Math.max(0, completed) * 100 / Math.max(1, total));
        int filled = percent * WIDTH / 100;
        return String.format("%s %3d%% ▕%s%s▏ %s", label, percent, "█".repeat(filled), " ".repeat(WIDTH - filled),
                counts);
    }
}
