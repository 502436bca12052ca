package dev.helix.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EntryTest {

    @Test
    void readsTheFeatureReleaseOfOldAndNewSpecificationVersions() {
        assertEquals(8, Entry.feature("1.8"));
        assertEquals(17, Entry.feature("17"));
        assertEquals(21, Entry.feature("21"));
        assertEquals(25, Entry.feature("25"));
        assertEquals(0, Entry.feature(""));
        assertEquals(0, Entry.feature("x"));
    }

    @Test
    void thisJavaIsNewEnoughForHelix() {
        assertEquals(true, Entry.feature(System.getProperty("java.specification.version")) >= Entry.REQUIRED);
    }
}
