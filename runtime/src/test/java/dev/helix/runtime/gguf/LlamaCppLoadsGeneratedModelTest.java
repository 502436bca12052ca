package dev.helix.runtime.gguf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.Pair;
import dev.helix.runtime.testing.SharedModels;
import dev.helix.runtime.testing.TestModels;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The proof that generated files are real models: llama.cpp (through the JNI binding, used directly)
 * loads them, tokenizes with their vocabulary, applies their chat template and generates.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LlamaCppLoadsGeneratedModelTest {

    private static final String TMPDIR_PROPERTY = "de.kherud.llama.tmpdir";

    @TempDir
    static Path nativeDir;

    @BeforeAll
    static void extractTheNativeLibraryPrivately() {
        // The binding deletes files named llama*/jllama* in its extraction directory, java.io.tmpdir by default.
        if (System.getProperty(TMPDIR_PROPERTY) == null) {
            System.setProperty(TMPDIR_PROPERTY, nativeDir.toString());
        }
    }

    private static LlamaModel load(Path file) {
        return new LlamaModel(new ModelParameters().setModel(file.toString()).setThreads(1).setCtxSize(256));
    }

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"F16", "F32", "Q8_0"})
    void generatesTextWithEveryTensorType(GgmlType type) {
        Path file = TestModels.custom(RandomLlamaModel.tiny().withTensorType(type));
        try (LlamaModel model = load(file)) {
            String first = model.complete(new InferenceParameters("Hello").setTemperature(0).setNPredict(8));
            assertNotNull(first);
            assertTrue(!first.isEmpty(), "a random model could pick end-of-text first; this seed does not");
            // Without the prompt cache, greedy decoding repeats itself. (With it, on the second and later
            // LlamaModel of a JVM, repeated calls diverge from the first one: binding state leaks across models.)
            InferenceParameters uncached = new InferenceParameters("Hello").setTemperature(0).setNPredict(8)
                    .setCachePrompt(false);
            assertEquals(first, model.complete(uncached));
            assertEquals(first, model.complete(uncached));
        }
    }

    @Test
    void encodesWithTheGeneratedVocabulary() {
        List<String> tokens = SyntheticVocabulary.of(RandomLlamaModel.tiny().vocabularySize()).tokens();
        try (LlamaModel model = load(TestModels.tiny())) {
            int[] helloWorld = model.encode("hello world");
            assertArrayEquals(new int[] {tokens.indexOf("\u2581hello"), tokens.indexOf("\u2581world")}, helloWorld,
                    "SentencePiece adds the space prefix and merges known words into one piece each");
            assertEquals(" hello world", model.decode(helloWorld));

            int[] chatMl = model.encode("<|im_start|>user");
            assertEquals(tokens.indexOf("<|im_start|>"), chatMl[0], "control tokens tokenize as one token");

            String odd = "日本 \u0001 {\"x\": 1}";
            assertEquals(" " + odd, model.decode(model.encode(odd)), "byte fallback encodes any text");
        }
    }

    @Test
    void appliesTheChatMlTemplate() {
        try (LlamaModel model = load(TestModels.tiny())) {
            String prompt = model.applyTemplate(new InferenceParameters("")
                    .setMessages("Be brief.", List.of(new Pair<>("user", "hi"))));
            assertEquals("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nhi<|im_end|>\n"
                    + "<|im_start|>assistant\n", prompt);
        }
    }

    @Test
    void storiesModelWritesEnglish() {
        Path file = SharedModels.assumeStories260K();
        try (LlamaModel model = load(file)) {
            String story = model.complete(new InferenceParameters("Once upon a time").setTemperature(0)
                    .setNPredict(24));
            assertTrue(story.contains(" the ") || story.contains(" a "), story);
        }
    }
}
