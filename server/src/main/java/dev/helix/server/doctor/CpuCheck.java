package dev.helix.server.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The CPU's instruction set extensions that matter to llama.cpp, read from {@code /proc/cpuinfo} on Linux and from
 * {@code sysctl} on macOS. The Linux x86-64 library bundled in helix.jar is a generic AVX2 build: a CPU without AVX2
 * stops it with an illegal instruction (SIGILL), so that is a fail with the way out (a library built for the CPU).
 */
public final class CpuCheck {
    /** The flags reported, in this order ({@code avx512f} printed as avx512). */
    static final List<String> FEATURES = List.of("avx2", "fma", "f16c", "avx512f");
    static final String LIBRARY_PROPERTY = "de.kherud.llama.lib.path";

    private CpuCheck() {}

    /** Linux: the first {@code flags} (x86) or {@code Features} (arm) line of a cpuinfo file. */
    public static Check linux(String arch, Path cpuinfo, String libraryPath) {
        String text;
        try {
            text = Files.readString(cpuinfo);
        } catch (IOException e) {
            return Check.warn("cpu", arch + ": cannot read " + cpuinfo + " (" + e.getMessage() + ")",
                    "nothing to do if the tiny model check passes; otherwise see that file's permissions");
        }
        String model = field(text, "model name");
        if (isX86(arch)) {
            return x86(arch, model, flags(field(text, "flags")), libraryPath, cpuinfo.toString());
        }
        Set<String> features = flags(field(text, "Features"));
        return Check.ok("cpu", describe(arch, model) + (features.contains("asimd") ? ": neon" : "")
                + (features.contains("asimddp") ? ", dotprod" : "") + (features.contains("sve") ? ", sve" : ""));
    }

    /** macOS: {@code sysctl -n machdep.cpu.brand_string machdep.cpu.features machdep.cpu.leaf7_features}. */
    public static Check mac(String arch, String sysctl, String libraryPath) {
        List<String> lines = sysctl.lines().toList();
        String model = lines.isEmpty() ? null : lines.getFirst().strip();
        if (!isX86(arch)) {
            return Check.ok("cpu", describe(arch, model) + ": Apple Silicon (neon, Metal library bundled)");
        }
        Set<String> flags = flags(String.join(" ", lines.subList(Math.min(1, lines.size()), lines.size())));
        return x86(arch, model, flags, libraryPath, "sysctl machdep.cpu");
    }

    private static Check x86(String arch, String model, Set<String> flags, String libraryPath, String source) {
        if (flags.isEmpty()) {
            return Check.warn("cpu", describe(arch, model) + ": no CPU flags in " + source,
                    "nothing to do if the tiny model check passes");
        }
        String found = FEATURES.stream().map(f -> (f.equals("avx512f") ? "avx512" : f) + (flags.contains(f) ? "" : " no"))
                .collect(Collectors.joining(", "));
        String detail = describe(arch, model) + ": " + found;
        if (!flags.contains("avx2")) {
            String why = detail + " — the llama.cpp library bundled in helix.jar needs AVX2 and would stop with an "
                    + "illegal instruction (SIGILL) on this CPU";
            if (libraryPath != null) {
                return Check.warn("cpu", why + "; using -D" + LIBRARY_PROPERTY + "=" + libraryPath + " instead",
                        "make sure that library was built for this CPU (native/README.md)");
            }
            return Check.fail("cpu", why, "build llama.cpp's library for this CPU (native/README.md) and run java -D"
                    + LIBRARY_PROPERTY + "=DIR -jar helix.jar ...");
        }
        return Check.ok("cpu", detail);
    }

    private static boolean isX86(String arch) {
        return Set.of("amd64", "x86_64", "x86", "i386", "i686").contains(arch.toLowerCase(Locale.ROOT));
    }

    private static String describe(String arch, String model) {
        return model == null || model.isBlank() ? arch : arch + " (" + model + ")";
    }

    /** The value of the first {@code key : value} line, or null. */
    static String field(String text, String key) {
        for (String line : text.lines().toList()) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equals(key)) {
                return line.substring(colon + 1).strip();
            }
        }
        return null;
    }

    static Set<String> flags(String line) {
        if (line == null) {
            return Set.of();
        }
        return Arrays.stream(line.toLowerCase(Locale.ROOT).split("\\s+")).filter(s -> !s.isEmpty())
                .map(s -> s.replace('.', '_')).collect(Collectors.toCollection(TreeSet::new));
    }
}
