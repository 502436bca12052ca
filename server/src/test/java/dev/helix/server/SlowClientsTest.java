package dev.helix.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.runtime.testing.TestEngine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, defect 9 (slowloris): a client that sends its headers or its body slowly, or stops halfway, is cut when
 * its read timeout is up, also when it keeps sending a byte now and then, and it holds no generation slot meanwhile;
 * the number of open connections is bounded. A connection is never cut before its timeout; how long after is only
 * bounded by a hang guard, so a slow machine cannot fail these tests.
 */
@Timeout(120)
@Tag(TestEngine.TAG)
class SlowClientsTest {
    private static final Duration TIMEOUT = Duration.ofMillis(700);
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);
    private static final String GENERATE = "{\"model\":\"tiny\",\"prompt\":\"Hi\",\"stream\":false,"
            + "\"options\":{\"num_predict\":2}}";

    private final List<Socket> sockets = new ArrayList<>();
    private HelixServer server;

    private HelixServer start(ConnectionLimits limits, int maxPending) {
        server = TestServer.shared().startHttp(new ServerSettings("127.0.0.1", 0, 1 << 20)
                .withConnections(limits).withMaxPendingRequests(maxPending));
        return server;
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private Socket connect() throws IOException {
        var socket = new Socket("127.0.0.1", server.port());
        sockets.add(socket);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Reads until the server closes the connection (or resets it); returns what came before. */
    private static String readToEnd(Socket socket) throws IOException {
        socket.setSoTimeout((int) HANG_GUARD.toMillis());
        InputStream in = socket.getInputStream();
        var got = new StringBuilder();
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                got.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
        } catch (java.net.SocketTimeoutException e) {
            throw new AssertionError("the connection was not cut within " + HANG_GUARD, e);
        } catch (IOException reset) {
            // cut
        }
        return got.toString();
    }

    @Test
    void headersThatStopHalfwayAreCutAfterTheHeaderTimeoutNotBefore() throws Exception {
        start(ConnectionLimits.DEFAULTS.withHeaderTimeout(TIMEOUT), 0);
        // before connecting: the server's clock for the headers starts when it accepts, which may come before
        // connect() returns here, so a clock started after it could read a cut at the deadline as early
        long start = System.nanoTime();
        Socket socket = connect();
        send(socket, "POST /api/generate HTTP/1.1\r\nHost: localhost\r\nContent-");
        assertEquals("", readToEnd(socket), "cut without an answer");
        assertTrue(System.nanoTime() - start >= TIMEOUT.toNanos(), "not before its timeout");
    }

    @Test
    void headersSentAByteAtATimeAreCutAtTheDeadlineThoughBytesKeepComing() throws Exception {
        start(ConnectionLimits.DEFAULTS.withHeaderTimeout(TIMEOUT), 0);
        Socket socket = connect();
        send(socket, "GET /api/version HTTP/1.1\r\nHost: localhost\r\nX-Slow: ");
        var cut = CompletableFuture.supplyAsync(() -> {
            try {
                return readToEnd(socket);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        long deadline = System.nanoTime() + HANG_GUARD.toNanos();
        try {
            // A byte every 50 ms: an idle timeout alone would never fire; the deadline on the headers does.
            while (!cut.isDone() && System.nanoTime() < deadline) {
                send(socket, "a");
                Thread.sleep(50);
            }
        } catch (IOException writeRefused) {
            // cut while writing
        }
        assertEquals("", cut.get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS));
    }

    @Test
    void aStalledBodyIsCutAndHoldsNoGenerationSlot() throws Exception {
        start(ConnectionLimits.DEFAULTS.withBodyTimeout(TIMEOUT), 1); // one request held at most
        long start = System.nanoTime();
        List<Socket> stalled = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Socket socket = connect();
            send(socket, "POST /api/generate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + GENERATE.length() + "\r\n\r\n" + GENERATE.substring(0, 10));
            stalled.add(socket);
        }
        var normal = Http.post("http://127.0.0.1:" + server.port() + "/api/generate", GENERATE);
        assertEquals(200, normal.statusCode(), "twenty stalled bodies hold nothing: " + normal.body());
        for (Socket socket : stalled) {
            String answer = readToEnd(socket);
            assertFalse(answer.startsWith("HTTP/1.1 200"), answer);
        }
        assertTrue(System.nanoTime() - start >= TIMEOUT.toNanos(), "not before its timeout");
    }

    @Test
    void aRequestWorkedOnLongerThanTheReadTimeoutsIsNotCut(@TempDir Path dir) throws Exception {
        try (var up = new GatedUpstream(dir, 1);
             var gated = HelixServer.start(new ServerSettings("127.0.0.1", 0, 1 << 20).withConnections(
                     ConnectionLimits.DEFAULTS.withHeaderTimeout(TIMEOUT).withBodyTimeout(TIMEOUT)), up.router, "t")) {
            var answer = CompletableFuture.supplyAsync(() -> Http.post("http://127.0.0.1:" + gated.port()
                    + "/v1/chat/completions", "{\"model\":\"gated-0\",\"messages\":[{\"role\":\"user\","
                    + "\"content\":\"hi\"}]}"));
            up.awaitRequest(0);
            // The upstream holds the answer at its gate for longer than both read timeouts: a wait that makes the
            // test stricter the slower the machine, never flakier.
            Thread.sleep(TIMEOUT.toMillis() * 3);
            up.gate(0).open();
            var r = answer.get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.body().contains("one two three"), r.body());
        }
    }

    @Test
    void connectionsOverTheBoundWaitUntilOneCloses() throws Exception {
        start(ConnectionLimits.DEFAULTS.withMaxConnections(2), 0);
        List<Socket> held = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Socket socket = connect();
            send(socket, "GET /api/version HTTP/1.1\r\nHost: localhost\r\n\r\n");
            socket.setSoTimeout((int) HANG_GUARD.toMillis());
            assertEquals("HTTP/1.1 200", new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII));
            held.add(socket);
        }
        var third = CompletableFuture.supplyAsync(() -> Http.get("http://127.0.0.1:" + server.port()
                + "/api/version").statusCode());
        // Not answered while two are open. (On a slow machine this can only pass more easily, never fail wrongly.)
        try {
            third.get(500, TimeUnit.MILLISECONDS);
            throw new AssertionError("a third connection was served while two were open");
        } catch (TimeoutException expected) {
            // waiting to be accepted
        }
        held.getFirst().close();
        assertEquals(200, third.get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS));
    }
}
