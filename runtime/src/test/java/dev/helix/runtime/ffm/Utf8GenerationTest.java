package dev.helix.runtime.ffm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.helix.provider.Chunk;
import dev.helix.provider.FinishReason;
import dev.helix.provider.GenerationOptions;
import dev.helix.runtime.gguf.ScriptedLlamaModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model that spells "é", "日" and "😀" one byte token at a time (2, 3 and 4 tokens): the stream's chunks are
 * whole characters, each arriving with the token that completes it.
 */
@Timeout(60)
class Utf8GenerationTest {
    @TempDir
    Path dir;

    @Test
    void charactersSpreadOverSeveralTokensArriveWhole() throws Exception {
        Path file = dir.resolve("bytes.gguf");
        new ScriptedLlamaModel(List.of("Qzx", "<0xC3>", "<0xA9>", "<0xE6>", "<0x97>", "<0xA5>", "<0xF0>", "<0x9F>",
                "<0x98>", "<0x80>"), null, false).write(file);
        try (FfmModel model = FfmModel.load(BundledLibrary.get(), FfmModelTest.settings(file, 1));
             FfmStream stream = model.generate(model.tokenize("hello", true, true),
                     GenerationOptions.DEFAULTS.withTemperature(0.0), 64, null)) {
            List<String> chunks = new ArrayList<>();
            Chunk chunk = stream.next();
            while (chunk instanceof Chunk.Token token) {
                chunks.add(token.text());
                chunk = stream.next();
            }
            Chunk.Done done = (Chunk.Done) chunk;
            assertEquals(List.of("Qzx", "é", "日", "😀"), chunks);
            assertEquals(FinishReason.STOP, done.reason());
            assertEquals(10, done.usage().completionTokens());
        }
    }
}
