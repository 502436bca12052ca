package dev.helix.providers.managed;


/**
 * A managed provider now, for {@code /helix/providers} and {@code helix providers}.
 *
 * @param pid       the server's process (the watchdog's child), or -1 when none runs
 * @param port      the port of the current or last start, or the configured one
 * @param restarts  restarts in a row since it last ran stable
 * @param lastError why it last exited or failed, or null
 * @param since     when it entered this state (ISO-8601)
 */
public record ManagedStatus(String name, ManagedState state, long pid, int port, int restarts, String lastError,
                            String logFile, String since) {}
