package dev.helix.benchmarks.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Linux's {@code /proc}, for watching a server from outside: a process's resident memory, peak resident memory,
 * threads and open files, its descendants, and which process listens on a TCP port. Everything answers "unknown"
 * (empty, -1) rather than failing where {@code /proc} is absent or unreadable.
 */
public final class ProcFs {
    private static final Path PROC = Path.of("/proc");
    private static final String LISTEN = "0A";

    private ProcFs() {}

    /**
     * From {@code /proc/<pid>/status}.
     *
     * @param rssKb   VmRSS: resident memory now
     * @param hwmKb   VmHWM: the most resident memory since the process started
     * @param threads Threads
     */
    public record Status(long pid, long rssKb, long hwmKb, int threads) {}

    /** The process's status, or empty when it is gone or unreadable. */
    public static Optional<Status> status(long pid) {
        try {
            return Optional.of(parseStatus(pid, Files.readAllLines(PROC.resolve(Long.toString(pid)).resolve("status"),
                    StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static Status parseStatus(long pid, List<String> lines) {
        long rss = -1;
        long hwm = -1;
        int threads = -1;
        for (String line : lines) {
            if (line.startsWith("VmRSS:")) {
                rss = kilobytes(line);
            } else if (line.startsWith("VmHWM:")) {
                hwm = kilobytes(line);
            } else if (line.startsWith("Threads:")) {
                threads = Integer.parseInt(line.substring("Threads:".length()).strip());
            }
        }
        return new Status(pid, rss, hwm, threads);
    }

    private static long kilobytes(String line) {
        String value = line.substring(line.indexOf(':') + 1).strip();
        int space = value.indexOf(' ');
        return Long.parseLong(space < 0 ? value : value.substring(0, space));
    }

    /** Clock ticks per second of {@code /proc/<pid>/stat} times (USER_HZ, 100 on every Linux architecture we run on). */
    static final int TICKS_PER_SECOND = 100;

    /** CPU time the process has used so far (user + system, all threads), in seconds; -1 when unreadable. */
    public static double cpuSeconds(long pid) {
        try {
            return parseCpuSeconds(Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat")));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** utime + stime (fields 14 and 15) of a {@code /proc/<pid>/stat} line; the name in parentheses may hold spaces. */
    static double parseCpuSeconds(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).strip().split("\\s+");
        // f[0] is field 3 (state), so field n is f[n - 3]
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) TICKS_PER_SECOND;
    }

    /** Open file descriptors of the process, or -1 when unreadable. */
    public static int openFiles(long pid) {
        try (Stream<Path> fds = Files.list(PROC.resolve(Long.toString(pid)).resolve("fd"))) {
            return (int) fds.count();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The process's live descendants (children, their children, ...), in no particular order. */
    public static List<Long> descendants(long pid) {
        return ProcessHandle.of(pid).map(h -> h.descendants().map(ProcessHandle::pid).toList()).orElse(List.of());
    }

    /**
     * The process that listens on a local TCP port (IPv4 or IPv6): the port's listening socket inode from
     * {@code /proc/net/tcp{,6}}, then the process that holds a descriptor on that socket. Empty if none is found
     * or the owner's descriptors are not readable by this user.
     */
    public static OptionalLong listeningPid(int port) {
        Set<Long> inodes = new HashSet<>();
        for (String table : List.of("tcp", "tcp6")) {
            try {
                inodes.addAll(listeningInodes(Files.readAllLines(PROC.resolve("net").resolve(table)), port));
            } catch (IOException e) {
                // no such table (no IPv6), or no /proc
            }
        }
        if (inodes.isEmpty()) {
            return OptionalLong.empty();
        }
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, p -> isNumber(p.getFileName().toString()))) {
            for (Path process : processes) {
                if (holdsSocket(process, inodes)) {
                    return OptionalLong.of(Long.parseLong(process.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }

    /** Inodes of the sockets listening on {@code port} in one {@code /proc/net/tcp}-format table. */
    static Set<Long> listeningInodes(List<String> table, int port) {
        Set<Long> inodes = new HashSet<>();
        for (String line : table) {
            String[] f = line.strip().split("\\s+");
            if (f.length < 10 || !f[0].endsWith(":") || !f[3].equals(LISTEN)) {
                continue;
            }
            String local = f[1];
            int localPort = Integer.parseInt(local.substring(local.lastIndexOf(':') + 1), 16);
            long inode = Long.parseLong(f[9]);
            if (localPort == port && inode != 0) {
                inodes.add(inode);
            }
        }
        return inodes;
    }

    private static boolean holdsSocket(Path process, Set<Long> inodes) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(process.resolve("fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")
                            && inodes.contains(Long.parseLong(target.substring(8, target.length() - 1)))) {
                        return true;
                    }
                } catch (IOException | RuntimeException e) {
                    // closed meanwhile, or not a socket
                }
            }
        } catch (IOException | RuntimeException e) {
            // not ours to read, or gone
        }
        return false;
    }

    private static boolean isNumber(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
