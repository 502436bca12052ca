package dev.helix.runtime.llamacpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.provider.ChatMessage;
import dev.helix.provider.ChatRequest;
import dev.helix.provider.Completion;
import dev.helix.provider.CompletionRequest;
import dev.helix.provider.GenerationOptions;
import dev.helix.provider.Role;
import dev.helix.runtime.Engine;
import dev.helix.runtime.ModelLoadOptions;
import dev.helix.runtime.gguf.TodaysArchitecture;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: a random Gemma 3n carrying Gemma 3n's own chat template (the one Google's gemma-3n-E2B-it GGUF holds,
 * {@code chat-templates/google-gemma-3n-E2B-it.jinja}) in a real runner process on the ffm engine and the current
 * llama.cpp ({@code native/build.sh --backend cpu}'s install; skipped with a message when absent, as on CI): the
 * conversation renders as Gemma's turns, the turn markers are the vocabulary's single control tokens, and the model
 * answers. That the bundled b4916 refuses the same file is {@link BundledArchitecturesTest}.
 */
@Timeout(300)
class Gemma3nOnTheCurrentLibraryTest {
    private static final GenerationOptions GREEDY = GenerationOptions.DEFAULTS.withTemperature(0.0);

    @TempDir
    Path dir;

    /** {@code -Dhelix.native.dir}, else {@code $HELIX_NATIVE_DIR}, else {@code ~/.helix/native/cpu/current}. */
    private static Path install() {
        String configured = System.getProperty("helix.native.dir", System.getenv("HELIX_NATIVE_DIR"));
        Path install = configured != null && !configured.isBlank() && !configured.equals("bundled")
                ? Path.of(configured) : Path.of(System.getProperty("user.home"), ".helix", "native", "cpu", "current");
        Assumptions.assumeTrue(Files.isRegularFile(install.resolve("lib/libllama.so")), "no current llama.cpp build "
                + "at " + install + ": `native/build.sh --backend cpu` makes one (about 11 min, so CI has none); "
                + "-Dhelix.native.dir or HELIX_NATIVE_DIR point elsewhere");
        return install;
    }

    @Test
    void gemma3nsOwnTemplateRendersIntoControlTokensAndTheModelAnswersOnTheFfmEngine() throws IOException {
        Path install = install();
        Path file = dir.resolve("gemma3n.gguf");
        TodaysArchitecture.GEMMA3N.write(TodaysArchitecture.smallestShape()
                .withChatTemplate(corpus("google-gemma-3n-E2B-it.jinja")), file);
        var options = ModelLoadOptions.DEFAULTS.withContextSize(512).withParallel(2).withThreads(1)
                .withEngine(Engine.FFM).withNativeDir(install.toString());
        try (var ffm = RunnerProvider.start("gemma3n", file, options, RunnerSettings.defaults())) {
            var chat = new ChatRequest("gemma3n", List.of(new ChatMessage(Role.SYSTEM, "You are terse."),
                    new ChatMessage(Role.USER, "Hello"), new ChatMessage(Role.ASSISTANT, "Hi."),
                    new ChatMessage(Role.USER, " Tell me a story\n")), GREEDY.withMaxTokens(8));

            String prompt = ffm.applyTemplate(chat);
            assertEquals("<start_of_turn>user\nYou are terse.\n\nHello<end_of_turn>\n<start_of_turn>model\nHi."
                    + "<end_of_turn>\n<start_of_turn>user\nTell me a story<end_of_turn>\n<start_of_turn>model\n",
                    prompt, "the system prompt opens the first user turn, the assistant is \"model\", content is "
                            + "trimmed, and the leading <bos> is left to the tokenizer");

            int[] tokens = ffm.tokenize("gemma3n", prompt, true);
            int[] start = ffm.tokenize("gemma3n", "<start_of_turn>", false);
            int[] end = ffm.tokenize("gemma3n", "<end_of_turn>", false);
            int[] bos = ffm.tokenize("gemma3n", "<bos>", false);
            assertEquals(1, start.length, "one control token: " + Arrays.toString(start));
            assertEquals(1, end.length, "one control token: " + Arrays.toString(end));
            assertEquals(4, count(tokens, start[0]), Arrays.toString(tokens));
            assertEquals(3, count(tokens, end[0]), Arrays.toString(tokens));
            assertEquals(bos[0], tokens[0]);
            assertEquals(1, count(tokens, bos[0]), "one BOS, the tokenizer's: " + Arrays.toString(tokens));

            Completion answer = ffm.chat(chat).collect();
            assertEquals(tokens.length, answer.usage().promptTokens());
            int generated = answer.usage().completionTokens();
            assertTrue(generated >= 1 && generated <= 8, "it answered (noise, from random weights): " + answer);
        }
    }

    /**
     * Real Gemma 3n models have 30 or 35 blocks, and from the 21st on a block reads an earlier block's KV cache
     * instead of keeping its own (llama.cpp's {@code n_layer_kv_from_start}, 20): a 22-block file takes that path.
     * Greedy text on the ffm engine is what the same build's {@code llama-simple} prints, twice over (the second
     * request finds the cache the first one left).
     */
    @Test
    void aGemma3nDeepEnoughToShareItsKvCacheGeneratesAsLlamaSimpleDoes() throws Exception {
        Path install = install();
        Path simple = install.resolve("bin/llama-simple");
        Assumptions.assumeTrue(Files.isExecutable(simple), "no " + simple);
        var tiny = TodaysArchitecture.smallestShape().withVocabularySize(512);
        Path file = dir.resolve("gemma3n-22.gguf");
        long size = TodaysArchitecture.GEMMA3N.write(tiny.withShape(tiny.embeddingLength(), 22, tiny.headCount(),
                tiny.headCountKv(), tiny.feedForwardLength()), file);
        assertTrue(size < 12_000_000, "a few MB: " + size);
        int predict = 12;

        Process process = new ProcessBuilder(simple.toString(), "-m", file.toString(), "-n",
                Integer.toString(predict), "Hello").start();
        process.getOutputStream().close();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        String theirs = read(process.getInputStream()).strip();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "llama-simple did not finish in 60 s (a hang guard)");
        String log = err.get(10, TimeUnit.SECONDS);
        assertEquals(0, process.exitValue(), log);
        assertTrue(log.contains("layer  20: reuse layer 18") && log.contains("layer  21: reuse layer 18"),
                "the last two blocks read block 18's sliding-window cache: " + log);

        var options = ModelLoadOptions.DEFAULTS.withContextSize(512).withParallel(2).withThreads(1)
                .withEngine(Engine.FFM).withNativeDir(install.toString());
        try (var ffm = RunnerProvider.start("gemma3n", file, options, RunnerSettings.defaults())) {
            var request = new CompletionRequest("gemma3n", "Hello", GREEDY.withMaxTokens(predict));
            String first = ffm.complete(request).collect().text();
            String second = ffm.complete(request).collect().text();
            assertFalse(first.isEmpty());
            assertTrue(theirs.endsWith(first.strip()), "llama-simple wrote \"" + theirs + "\", Helix \"" + first
                    + "\"");
            assertEquals(first, second);
        }
    }

    private static int count(int[] tokens, int token) {
        return (int) Arrays.stream(tokens).filter(t -> t == token).count();
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String corpus(String name) throws IOException {
        try (InputStream in = Gemma3nOnTheCurrentLibraryTest.class.getClassLoader()
                .getResourceAsStream("chat-templates/" + name)) {
            if (in == null) {
                throw new IOException("missing test resource chat-templates/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
