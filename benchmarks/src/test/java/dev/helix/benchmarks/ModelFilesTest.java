package dev.helix.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.helix.runtime.gguf.GgmlType;
import dev.helix.runtime.gguf.GgufReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFilesTest {
    @TempDir
    Path folder;

    @Test
    void aModelIsWrittenOnceAndReused() throws Exception {
        var models = new ModelFiles(folder);
        Path file = models.get(ModelFiles.Preset.TINY, GgmlType.Q8_0);
        assertEquals("random-tiny-q80.gguf", file.getFileName().toString());
        assertEquals(328_256, GgufReader.read(file).parameterCount());
        FileTime old = FileTime.fromMillis(1_000_000);
        Files.setLastModifiedTime(file, old);
        assertEquals(file, models.get(ModelFiles.Preset.TINY, GgmlType.Q8_0));
        assertEquals(old, Files.getLastModifiedTime(file), "not written again");
        assertFalse(Files.exists(folder.resolve("random-tiny-q80.gguf.partial")));
    }
}
