package dev.helix.server.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.providers.managed.ManagedProcess;
import dev.helix.router.LlamaCppProviders;
import dev.helix.router.ModelRouter;
import dev.helix.router.config.HelixConfig;
import dev.helix.router.upstream.BackendStatus;
import dev.helix.router.upstream.UpstreamAdapters;
import dev.helix.runtime.llamacpp.RunnerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A managed provider (a real child process that prints a line and sleeps) added by a reload is started and
 * supervised like one configured at start; removed by a reload, its process is stopped, none left behind.
 */
@Timeout(180)
class ManagedReloadTest {
    @TempDir
    Path dir;

    private String yaml(String providers) throws Exception {
        return """
                models_dir: %s
                discovery: {enabled: false}
                """.formatted(Files.createDirectories(dir.resolve("models"))) + providers;
    }

    @Test
    void aManagedProviderAddedIsStartedAndOneRemovedIsStopped() throws Exception {
        Path yaml = Files.writeString(dir.resolve("models.yaml"), yaml(""));
        Path home = dir.resolve("server-home");
        HelixConfig config = HelixConfig.load(yaml, home);
        var router = new ModelRouter(config.catalog(), LlamaCppProviders.runners(RunnerSettings.defaults()),
                config.routerSettings());
        var upstreams = UpstreamAdapters.configured(config, router);
        router.attach(upstreams);
        upstreams.start();
        var reloader = new ConfigReloader(() -> HelixConfig.load(yaml, home), router, config);
        try (router) {
            Files.writeString(yaml, yaml("""
                    providers:
                      sleeper:
                        type: llama-server
                        models: [sleepy]
                        managed:
                          command: [sh, -c, "echo hello; exec sleep 1000", "%s"]
                          start: at_launch
                          start_timeout: 10m
                          stop_grace: 5s
                    """.formatted(dir)));
            var added = reloader.reload();
            assertTrue(added.applied(), added.problems().toString());
            ManagedProcess process = upstreams.managed("sleeper").orElseThrow().process();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (process.status().pid() <= 0 && System.nanoTime() < deadline) {
                Thread.sleep(20); // a hang guard only: the watchdog names the pid once it has started it
            }
            long pid = process.status().pid();
            assertTrue(pid > 0, "started at launch, as the new entry asks: " + process.status());
            assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
            assertEquals("managed", upstreams.status().stream().filter(s -> s.id().equals("sleeper"))
                    .map(BackendStatus::source).findFirst().orElseThrow());

            Files.writeString(yaml, yaml(""));
            var removed = reloader.reload();
            assertTrue(removed.applied(), removed.problems().toString());
            assertTrue(upstreams.managed("sleeper").isEmpty(), "no longer managed");
            assertTrue(upstreams.status().stream().noneMatch(s -> s.id().equals("sleeper")));
            var handle = ProcessHandle.of(pid);
            if (handle.isPresent()) {
                handle.get().onExit().get(60, TimeUnit.SECONDS); // a hang guard only
            }
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
                    "the removed provider's process is stopped");
            assertTrue(ProcessHandle.allProcesses().noneMatch(p -> p.info().commandLine().orElse("")
                    .contains(dir.toString())), "nothing of it left running");
        }
    }
}
