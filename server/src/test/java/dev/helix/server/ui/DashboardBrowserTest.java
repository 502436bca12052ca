package dev.helix.server.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.runtime.testing.TestEngine;
import dev.helix.server.Http;
import dev.helix.server.HelixServer;
import dev.helix.server.ServerSettings;
import dev.helix.server.TestServer;
import java.nio.file.Files;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard in real headless Chromium against a real server: the overview shows a model loaded after a request,
 * the live chart receives the server's events, the playground streams an answer from the test model into the page,
 * and a server with an API key shows its data only once the key is entered. Each page is photographed into
 * {@code target/screenshots/}.
 */
@Tag(TestEngine.TAG)
class DashboardBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestServer server;
    private static Browser browser;

    @BeforeAll
    static void start() {
        browser = Browser.start();
        server = TestServer.start(dev.helix.router.config.ObservabilityConfig.DEFAULTS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static WebElement modelRow(String model) {
        return browser.driver.findElement(By.cssSelector("#models tr[data-model='" + model + "']"));
    }

    @Test
    void overviewShowsTheModelLoadedAfterARequest() {
        server.router().unload("plain");
        browser.driver.get(server.url() + "/ui#overview");
        browser.await(d -> modelRow("plain").getText().contains("available"));
        assertEquals(200, Http.post(server.url() + "/api/generate", """
                {"model":"plain","prompt":"hi","stream":false,"options":{"num_predict":2}}""").statusCode());
        browser.await(d -> modelRow("plain").getText().contains("loaded")); // the page refreshes itself
        assertTrue(browser.driver.findElement(By.id("providers")).getText().contains("local"));
        browser.screenshot("overview");

        // Unload from the page: the button asks the server, the row follows.
        click("plain", "unload");
        browser.await(d -> modelRow("plain").getText().contains("available"));
        assertTrue(server.router().loaded().stream().noneMatch(m -> m.entry().id().equals("plain")));
        click("plain", "load");
        browser.await(d -> server.router().loaded().stream().anyMatch(m -> m.entry().id().equals("plain")));
    }

    @Test
    void liveChartReceivesTheServersEvents() {
        browser.driver.get(server.url() + "/ui#live");
        browser.await(d -> Integer.parseInt(d.findElement(By.id("live-ticks")).getText()) >= 1);
        int before = Integer.parseInt(browser.driver.findElement(By.id("live-requests")).getText());
        assertEquals(200, Http.get(server.url() + "/api/tags").statusCode());
        browser.await(d -> Integer.parseInt(d.findElement(By.id("live-requests")).getText()) > before);
        assertEquals("live", browser.driver.findElement(By.id("live-status")).getText());
        browser.screenshot("live");
    }

    @Test
    void playgroundStreamsTheTestModelsAnswerIntoThePage() throws Exception {
        // The same request whole, over HTTP: what the page must show once its stream has ended.
        String expected = JSON.readTree(Http.post(server.url() + "/v1/chat/completions", """
                {"model":"scripted","messages":[{"role":"user","content":"Tell me a short story."}],
                 "temperature":0,"max_tokens":64}""").body()).get("choices").get(0).get("message").get("content")
                .asText();
        assertFalse(expected.isEmpty(), "the scripted model answers with text");
        browser.driver.get(server.url() + "/ui#playground");
        browser.await(d -> d.findElements(By.cssSelector("#pg-model option[value='scripted']")).size() == 1);
        new Select(browser.driver.findElement(By.id("pg-model"))).selectByValue("scripted");
        setValue("pg-temperature", "0");
        setValue("pg-max-tokens", "64");
        browser.driver.findElement(By.id("pg-send")).click();
        browser.await(d -> d.findElement(By.id("pg-state")).getText().equals("done"));
        assertEquals(expected, browser.driver.findElement(By.id("pg-output")).getDomProperty("textContent"));
        assertTrue(Integer.parseInt(browser.driver.findElement(By.id("pg-chunks")).getText()) > 1,
                "the answer came in several chunks, streamed");
        assertTrue(browser.driver.findElement(By.id("pg-stats")).getText().contains("tokens/s"));
        browser.screenshot("playground");

        browser.driver.get(server.url() + "/ui#requests");
        browser.await(d -> d.findElement(By.id("requests")).getText().contains("/v1/chat/completions"));
        browser.screenshot("requests");
    }

    @Test
    void aServerWithAnApiKeyShowsNothingUntilTheKeyIsEntered() {
        try (HelixServer locked = server.startHttp(new ServerSettings("127.0.0.1", 0, 1 << 20).withApiKey("s3cret"))) {
            String url = "http://127.0.0.1:" + locked.port() + "/ui#overview";
            browser.driver.get(url);
            browser.driver.executeScript("sessionStorage.clear()");
            browser.driver.navigate().refresh();
            browser.await(d -> d.findElement(By.id("key-form")).isDisplayed());
            assertEquals(0, browser.driver.findElements(By.cssSelector("#models tr[data-model]")).size());
            browser.screenshot("api-key-asked");

            enterKey("wrong");
            browser.await(d -> d.findElement(By.id("key-error")).getText().contains("refused"));
            assertEquals(0, browser.driver.findElements(By.cssSelector("#models tr[data-model]")).size());

            enterKey("s3cret");
            browser.await(d -> !d.findElement(By.id("key-form")).isDisplayed());
            browser.await(d -> d.findElements(By.cssSelector("#models tr[data-model='tiny']")).size() == 1);
            browser.screenshot("api-key-accepted");
            browser.driver.executeScript("sessionStorage.clear()");
        }
        assertTrue(Files.isRegularFile(Browser.SCREENSHOTS.resolve("api-key-accepted.png")));
    }

    private static void click(String model, String action) {
        browser.await(d -> {
            modelRow(model).findElement(By.cssSelector("button[data-action='" + action + "']")).click();
            return true;
        });
    }

    private static void enterKey(String key) {
        WebElement input = browser.driver.findElement(By.id("api-key"));
        input.clear();
        input.sendKeys(key);
        browser.driver.findElement(By.id("key-save")).click();
    }

    private static void setValue(String id, String value) {
        WebElement input = browser.driver.findElement(By.id(id));
        input.clear();
        input.sendKeys(value);
    }
}
