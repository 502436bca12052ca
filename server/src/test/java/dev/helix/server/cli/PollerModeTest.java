package dev.helix.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/** The poller mode Helix asks of the JVM: the system poller on Java 25, and never over the user's own choice. */
@Isolated
class PollerModeTest {
    private String before;

    @BeforeEach
    void save() {
        before = System.getProperty(PollerMode.PROPERTY);
    }

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(PollerMode.PROPERTY);
        } else {
            System.setProperty(PollerMode.PROPERTY, before);
        }
    }

    @Test
    void onJava25TheSystemPollerIsChosen() {
        System.clearProperty(PollerMode.PROPERTY);
        PollerMode.choose();
        assertEquals(Runtime.version().feature() == 25 ? "1" : null, System.getProperty(PollerMode.PROPERTY));
    }

    @Test
    void aModeTheUserGaveIsKept() {
        System.setProperty(PollerMode.PROPERTY, "2");
        PollerMode.choose();
        assertEquals("2", System.getProperty(PollerMode.PROPERTY));
    }
}
