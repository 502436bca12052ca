package dev.helix.runtime.ffm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pieces to text: characters are never split, stop strings are held back until they are settled. */
class TextAssemblyTest {

    @Test
    void everySplitOfMultiByteTextComesOutWhole() {
        byte[] bytes = "aé日😀z".getBytes(StandardCharsets.UTF_8);
        for (int cut = 0; cut <= bytes.length; cut++) {
            for (int cut2 = cut; cut2 <= bytes.length; cut2++) {
                var pieces = new Utf8Pieces();
                String a = pieces.add(Arrays.copyOfRange(bytes, 0, cut));
                String b = pieces.add(Arrays.copyOfRange(bytes, cut, cut2));
                String c = pieces.add(Arrays.copyOfRange(bytes, cut2, bytes.length));
                for (String part : List.of(a, b, c)) {
                    assertFalse(part.contains("\uFFFD"), cut + "/" + cut2 + ": " + part);
                }
                assertEquals("aé日😀z", a + b + c + pieces.flush());
            }
        }
    }

    @Test
    void bytesThatNeverFormACharacterBecomeReplacementCharacters() {
        var pieces = new Utf8Pieces();
        assertEquals("", pieces.add(new byte[] {(byte) 0xE6, (byte) 0x97}));
        assertEquals("\uFFFD", pieces.flush());
        assertEquals("\uFFFDx", new Utf8Pieces().add(new byte[] {(byte) 0x97, 'x'}));
    }

    @Test
    void aStopStringSplitAcrossPiecesEndsTheTextBeforeIt() {
        var stops = new StopText(List.of("END"));
        assertEquals("hello ", stops.offer("hello E"));
        assertEquals("", stops.offer("N"));
        assertEquals("", stops.offer("D and more"));
        assertTrue(stops.stopped());
        assertEquals("", stops.flush());
    }

    @Test
    void heldTextThatIsNotAStopStringGoesOut() {
        var stops = new StopText(List.of("END"));
        assertEquals("a", stops.offer("aE"));
        assertEquals("Ex", stops.offer("x"));
        assertEquals("", stops.offer("EN"));
        assertFalse(stops.stopped());
        assertEquals("EN", stops.flush());
    }
}
