package dev.helix.server.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.providers.managed.ManagedState;
import dev.helix.server.HelixServer;
import dev.helix.server.ServerSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * A managed server started and stopped from the dashboard, in real headless Chromium: the page lists it stopped,
 * its Start button starts the real child process, its Stop button stops it and no process of it is left.
 */
@Timeout(240)
class ManagedServerPageTest {
    @TempDir
    Path dir;

    private static WebElement managedRow(Browser browser, String name) {
        return browser.driver.findElement(By.cssSelector("#managed tr[data-managed='" + name + "']"));
    }

    private static void click(Browser browser, String name, String action) {
        browser.await(d -> {
            managedRow(browser, name).findElement(By.cssSelector("button[data-action='" + action + "']")).click();
            return true;
        });
    }

    @Test
    void aManagedServerIsStartedAndStoppedFromThePage() throws Exception {
        var sleeper = dev.helix.server.SleeperProvider.in(dir);
        var router = sleeper.router();
        var upstreams = sleeper.upstreams();
        try (Browser browser = Browser.start();
             router;
             var server = HelixServer.start(new ServerSettings("127.0.0.1", 0, 1 << 20), router, "test")) {
            var process = upstreams.managed("sleeper").orElseThrow().process();
            browser.driver.get("http://127.0.0.1:" + server.port() + "/ui#overview");
            browser.await(d -> managedRow(browser, "sleeper").getText().contains("STOPPED"));
            assertEquals(ManagedState.STOPPED, process.status().state());

            click(browser, "sleeper", "start");
            browser.await(d -> process.status().pid() > 0); // the watchdog names the server's pid once it runs
            long pid = process.status().pid();
            assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the server runs");
            browser.await(d -> managedRow(browser, "sleeper").getText().contains(Long.toString(pid)));
            browser.screenshot("managed-started");

            click(browser, "sleeper", "stop");
            browser.await(d -> process.status().state() == ManagedState.STOPPED);
            browser.await(d -> managedRow(browser, "sleeper").getText().contains("STOPPED"));
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the server was stopped");
            assertEquals(0, ProcessHandle.current().descendants().filter(p -> p.info().commandLine().orElse("")
                    .contains(dir.toString())).count(), "no process of the managed server is left");
            browser.screenshot("managed-stopped");
        }
    }
}
