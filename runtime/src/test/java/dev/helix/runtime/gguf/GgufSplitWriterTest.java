package dev.helix.runtime.gguf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.ModelParameters;
import dev.helix.provider.ModelLoadException;
import dev.helix.runtime.ModelLoadOptions;
import dev.helix.runtime.llamacpp.LlamaCppProvider;
import dev.helix.runtime.testing.TestModels;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model split as gguf-split splits it: each part a GGUF file with the split keys, the first one with all the
 * metadata, the tensors dealt out bit for bit; llama.cpp loads it from the first part and generates what the whole
 * file generates; a missing part is named before llama.cpp is asked.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GgufSplitWriterTest {
    private static final String TMPDIR_PROPERTY = "de.kherud.llama.tmpdir";

    @TempDir
    static Path nativeDir;
    @TempDir
    Path dir;

    @BeforeAll
    static void extractTheNativeLibraryPrivately() {
        if (System.getProperty(TMPDIR_PROPERTY) == null) {
            System.setProperty(TMPDIR_PROPERTY, nativeDir.toString());
        }
    }

    @Test
    void everyPartIsAGgufFileWithTheSplitKeysAndTheFirstHasAllTheMetadata() throws IOException {
        Path whole = TestModels.tiny();
        GgufMetadata source = GgufReader.read(whole);
        List<Path> parts = GgufSplitWriter.split(whole, dir, "tiny", 3);
        assertEquals(List.of("tiny-00001-of-00003.gguf", "tiny-00002-of-00003.gguf", "tiny-00003-of-00003.gguf"),
                parts.stream().map(p -> p.getFileName().toString()).toList());

        var seen = new ArrayList<String>();
        for (int i = 0; i < parts.size(); i++) {
            GgufMetadata part = GgufReader.read(parts.get(i));
            assertEquals(i, part.integer(GgufSplitWriter.SPLIT_NO).orElseThrow());
            assertEquals(3, part.integer(GgufSplitWriter.SPLIT_COUNT).orElseThrow());
            assertEquals(source.tensorCount(), part.integer(GgufSplitWriter.SPLIT_TENSORS_COUNT).orElseThrow());
            assertFalse(part.tensors().isEmpty(), "part " + (i + 1) + " has tensors");
            if (i == 0) {
                Map<String, Object> expected = new LinkedHashMap<>(source.metadata());
                Map<String, Object> actual = new LinkedHashMap<>(part.metadata());
                actual.keySet().removeAll(List.of(GgufSplitWriter.SPLIT_NO, GgufSplitWriter.SPLIT_COUNT,
                        GgufSplitWriter.SPLIT_TENSORS_COUNT));
                assertEquals(expected, actual, "the first part carries the model's metadata");
                assertEquals(List.copyOf(expected.keySet()), List.copyOf(actual.keySet()), "in order");
            } else {
                assertEquals(3, part.metadata().size(), "later parts carry only the split keys: " + part.metadata());
            }
            for (GgufTensorInfo t : part.tensors()) {
                seen.add(t.name());
                GgufTensorInfo original = source.tensor(t.name()).orElseThrow();
                assertEquals(original.type(), t.type());
                assertEquals(original.dimensions(), t.dimensions());
                assertArrayEquals(bytes(whole, source.dataOffset(), original), bytes(parts.get(i), part.dataOffset(), t),
                        t.name() + " is copied bit for bit");
            }
        }
        assertEquals(source.tensors().stream().map(GgufTensorInfo::name).toList(), seen, "every tensor once, in order");
    }

    @Test
    void llamaCppLoadsTheSplitFromItsFirstPartAndGeneratesWhatTheWholeFileGenerates() {
        Path whole = TestModels.tiny();
        List<Path> parts = TestModels.split(whole, dir, "tiny", 3);
        String fromWhole = greedy(whole);
        assertFalse(fromWhole.isEmpty());
        assertEquals(fromWhole, greedy(parts.get(0)));
    }

    @Test
    void aMissingPartIsNamedBeforeLlamaCppIsAsked() throws IOException {
        List<Path> parts = TestModels.split(TestModels.tiny(), dir, "tiny", 3);
        Files.delete(parts.get(1));
        var e = assertThrows(ModelLoadException.class, () -> LlamaCppProvider.load("tiny", parts.get(0),
                ModelLoadOptions.DEFAULTS.withContextSize(256), Duration.ofSeconds(5)));
        assertTrue(e.getMessage().contains("part 2 is missing: " + parts.get(1)), e.getMessage());
    }

    @Test
    void aSplitWhoseFirstPartWasRenamedSaysWhyItsPartsCannotBeFound() throws IOException {
        List<Path> parts = TestModels.split(TestModels.tiny(), dir, "tiny", 2);
        Path renamed = Files.move(parts.get(0), dir.resolve("tiny.gguf"));
        var e = assertThrows(ModelLoadException.class, () -> LlamaCppProvider.load("tiny", renamed,
                ModelLoadOptions.DEFAULTS.withContextSize(256), Duration.ofSeconds(5)));
        assertTrue(e.getMessage().contains("does not end in -00001-of-00002.gguf"), e.getMessage());
    }

    private static String greedy(Path file) {
        try (LlamaModel model = new LlamaModel(new ModelParameters().setModel(file.toString()).setThreads(1)
                .setCtxSize(256))) {
            return model.complete(new InferenceParameters("Once upon a time").setTemperature(0).setNPredict(12)
                    .setCachePrompt(false));
        }
    }

    private static byte[] bytes(Path file, long dataOffset, GgufTensorInfo t) throws IOException {
        try (FileChannel channel = FileChannel.open(file)) {
            ByteBuffer buffer = ByteBuffer.allocate((int) t.byteSize());
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, dataOffset + t.offset() + buffer.position()) < 0) {
                    throw new IOException("truncated");
                }
            }
            return buffer.array();
        }
    }
}
