package dev.helix.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.router.ModelCatalog;
import dev.helix.router.config.HelixConfig;
import dev.helix.router.store.ModelStore;
import dev.helix.runtime.llamacpp.RunnerSettings;
import dev.helix.server.doctor.Check;
import dev.helix.server.doctor.CpuCheck;
import dev.helix.server.doctor.DoctorReport;
import dev.helix.server.doctor.FfmLibraryCheck;
import dev.helix.server.doctor.FolderCheck;
import dev.helix.server.doctor.GpuCheck;
import dev.helix.server.doctor.JavaCheck;
import dev.helix.server.doctor.PortCheck;
import dev.helix.server.doctor.RunnerCheck;
import dev.helix.server.progress.LiveLine;
import dev.helix.server.progress.Spinner;
import dev.helix.server.progress.Terminal;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "doctor", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Check that this machine can run Helix: Java, CPU features, GPUs, the native library, a tiny "
                + "generated model that really generates, the port, the configuration, folders, disk space and "
                + "model stores.",
                "Each line is ok, warn or fail, with the fix under it when it is not ok. Exit status 0 when nothing "
                        + "failed, 1 otherwise."})
final class DoctorCommand implements Callable<Integer> {
    @Mixin
    AddressOptions address;

    @Mixin
    ConfigOptions config;

    @Option(names = "--json", description = "Print the checks as a JSON array of {name, status, detail, fix}.")
    boolean json;

    /** For tests: a cpuinfo file to read instead of the machine's. */
    @Option(names = "--cpuinfo", hidden = true, paramLabel = "FILE")
    Path cpuinfo = Path.of("/proc/cpuinfo");

    /** For tests: the nvidia-smi command to ask instead of the one on PATH. */
    @Option(names = "--nvidia-smi", hidden = true, paramLabel = "COMMAND")
    String nvidiaSmi = "nvidia-smi";

    private final List<Check> checks = new ArrayList<>();
    private PrintStream out;

    @Override
    public Integer call() {
        out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        String os = System.getProperty("os.name", "");
        String arch = System.getProperty("os.arch", "");
        String library = System.getProperty("de.kherud.llama.lib.path");
        add(JavaCheck.current());
        add(os.startsWith("Mac") ? CpuCheck.mac(arch, sysctl(), library) : CpuCheck.linux(arch, cpuinfo, library));
        add(GpuCheck.system(nvidiaSmi).run(os, arch, library));
        List<Check> runner;
        try (var loading = new Spinner(new LiveLine(out, json ? Terminal.NONE : Terminal.detect()),
                "loading a tiny model in a runner", System::nanoTime).start()) {
            runner = new RunnerCheck(RunnerSettings.defaults(), library).run();
        }
        runner.forEach(this::add);
        add(FfmLibraryCheck.current());
        Optional<HelixConfig> loaded = configCheck();
        add(portCheck());
        Path home = Path.of(System.getProperty("user.home"), ".helix");
        add(FolderCheck.writable("helix home", home));
        ModelCatalog catalog = loaded.map(HelixConfig::catalog).orElse(null);
        Path models = catalog != null && catalog.modelsDir() != null ? catalog.modelsDir() : home.resolve("models");
        add(FolderCheck.writable("models folder", models));
        add(FolderCheck.freeSpace(home, FolderCheck.LOW_SPACE));
        add(stores(catalog));
        if (json) {
            out.println(DoctorReport.json(checks));
        } else {
            out.println(DoctorReport.summary(checks));
        }
        return DoctorReport.anyFailed(checks) ? 1 : 0;
    }

    private void add(Check check) {
        checks.add(check);
        if (!json) {
            out.print(DoctorReport.text(check));
        }
    }

    /** The layered configuration read as serve reads it; every problem with its file and line. */
    private Optional<HelixConfig> configCheck() {
        try {
            HelixConfig c = config.load();
            config.serverSection();
            List<String> files = new ArrayList<>();
            if (Files.isRegularFile(ConfigOptions.userFile())) {
                files.add(ConfigOptions.userFile().toString());
            }
            Path project = config.configFile();
            if (project != null) {
                files.add(project.toString());
            }
            add(Check.ok("config", files.isEmpty() ? "no configuration file: built-in defaults"
                    : "valid: " + String.join(", ", files)));
            return Optional.of(c);
        } catch (CliException e) {
            add(Check.fail("config", e.getMessage(), "correct the file at the line named, then check again with: "
                    + "helix doctor (helix config show prints the merged settings)"));
            return Optional.empty();
        }
    }

    /** The address serve would listen on; a broken server section leaves the defaults (the config line says why). */
    private Check portCheck() {
        JsonNode server;
        try {
            server = config.serverSection();
        } catch (CliException e) {
            server = com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        String host;
        int port;
        try {
            host = address.host(server.path("host").isTextual() ? server.get("host").asText() : null);
            port = address.port(server.path("port").isInt() ? server.get("port").asInt() : null);
        } catch (CliException e) {
            return Check.fail("port", e.getMessage(), "set a port number from 0 to 65535");
        }
        return PortCheck.of(host, port, (h, p) -> ServerClient.probe(h, p).flatMap(client -> {
            try {
                JsonNode overview = client.get("/helix/overview");
                return overview.hasNonNull("version") ? Optional.of("Helix " + overview.get("version").asText())
                        : Optional.empty();
            } catch (IOException e) {
                return Optional.empty(); // answers /api/version but is no Helix: Ollama, say
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }));
    }

    private static Check stores(ModelCatalog catalog) {
        if (catalog == null) {
            return Check.warn("model stores", "not looked for: the configuration did not load",
                    "fix the config line first");
        }
        List<ModelStore> stores = new ArrayList<>();
        catalog.helixStore().ifPresent(stores::add);
        stores.addAll(catalog.foreignStores());
        List<String> found = new ArrayList<>();
        java.util.Set<String> absent = new java.util.LinkedHashSet<>();
        for (ModelStore store : stores) {
            if (Files.isDirectory(store.root())) {
                int n = store.scan().size();
                found.add(store.kind().key() + " (" + store.root() + ", " + n + (n == 1 ? " model)" : " models)"));
            } else {
                absent.add(store.kind().key());
            }
        }
        String detail = (found.isEmpty() ? "none found" : String.join("; ", found))
                + (absent.isEmpty() ? "" : "; not on this machine: " + String.join(", ", absent));
        return Check.ok("model stores", detail);
    }

    /** macOS's CPU brand and feature flags. */
    private static String sysctl() {
        try {
            Process p = new ProcessBuilder("sysctl", "-n", "machdep.cpu.brand_string", "machdep.cpu.features",
                    "machdep.cpu.leaf7_features").redirectErrorStream(false).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return text;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
