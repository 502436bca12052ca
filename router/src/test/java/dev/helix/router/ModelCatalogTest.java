package dev.helix.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.helix.runtime.ModelLoadOptions;
import dev.helix.runtime.testing.BrokenModels;
import dev.helix.runtime.testing.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(10)
class ModelCatalogTest {
    private static final ModelLoadOptions SMALL = ModelLoadOptions.DEFAULTS.withContextSize(512);

    @TempDir
    Path dir;

    private Path touch(String relative) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        return TestModels.headerOnly(file.getParent(), file.getFileName().toString());
    }

    private ModelCatalog discovering(List<ModelEntry> configured) {
        return new ModelCatalog(dir, configured, SMALL);
    }

    private static List<String> ids(List<ModelEntry> entries) {
        return entries.stream().map(ModelEntry::id).toList();
    }

    @Test
    void discoversModelFilesNamedByStemAndSorted() throws IOException {
        touch("zeta.gguf");
        touch("a/b/c/deep.gguf");            // depth 4: found
        touch("a/b/c/d/too-deep.gguf");      // depth 5: not
        touch("Upper.GGUF");
        touch(".hidden/secret.gguf");
        touch("sub/.cache/partial.gguf");
        touch(".dotfile.gguf");
        touch("mmproj-model-f16.gguf");
        touch("llava-mmproj-f16.gguf");
        touch("notes.txt");
        touch("big/qwen-00001-of-00003.gguf");
        touch("big/qwen-00002-of-00003.gguf");
        touch("big/qwen-00003-of-00003.gguf");

        List<ModelEntry> available = discovering(List.of()).available();

        assertEquals(List.of("Upper", "deep", "qwen", "zeta"), ids(available));
        ModelEntry qwen = available.get(2);
        assertEquals(dir.resolve("big/qwen-00001-of-00003.gguf"), qwen.path());
        assertEquals(SMALL, qwen.options());
        assertEquals(null, qwen.keepAlive());
    }

    @Test
    void missingModelsDirIsEmptyNotAnError() {
        var catalog = new ModelCatalog(dir.resolve("nope"), List.of(), SMALL);
        assertEquals(List.of(), catalog.available());
        assertEquals(Optional.empty(), catalog.find("x"));
    }

    @Test
    void symlinkLoopDoesNotHang() throws IOException {
        touch("loop/m.gguf");
        Files.createSymbolicLink(dir.resolve("loop/back"), dir);
        assertEquals(List.of("m"), ids(discovering(List.of()).available()));
    }

    @Test
    void configuredEntryWinsOverDiscoveredFileAndTheSameFileIsListedOnce() throws IOException {
        Path stories = touch("stories260K.gguf");
        touch("other/tiny.gguf");
        touch("other/story.gguf");
        var configured = List.of(
                new ModelEntry("stories", stories, List.of("tiny"), SMALL, KeepAlive.FOREVER),
                new ModelEntry("story", dir.resolve("elsewhere.gguf"), List.of(), SMALL, null));
        var catalog = discovering(configured);

        assertEquals(List.of("stories", "story"), ids(catalog.available()));
        assertEquals("stories", catalog.find("tiny").orElseThrow().id());
        assertEquals(dir.resolve("elsewhere.gguf"), catalog.find("story").orElseThrow().path());
    }

    @Test
    void twoFilesWithOneNameServeTheShallowest() throws IOException {
        touch("x/y/m.gguf");
        Path shallow = touch("z/m.gguf");
        assertEquals(shallow, discovering(List.of()).find("m").orElseThrow().path());
    }

    @Test
    void aFileDroppedInIsFoundOnTheNextMiss() throws IOException {
        var catalog = discovering(List.of());
        assertEquals(List.of(), catalog.available());
        touch("new.gguf");
        assertEquals("new", catalog.find("new").orElseThrow().id());
    }

    @Test
    void aHitDoesNotRescan() throws IOException {
        Path file = touch("kept.gguf");
        var catalog = discovering(List.of());
        assertTrue(catalog.find("kept").isPresent());
        Files.delete(file);
        assertTrue(catalog.find("kept").isPresent(), "a hit is served from the snapshot");
        assertEquals(List.of(), catalog.available(), "listing rescans");
    }

    @Test
    void aRepeatedMissWaitsForTheMissTtlBeforeScanningAgain() throws IOException {
        var now = new AtomicLong();
        Ticker ticker = now::get;
        var catalog = new ModelCatalog(dir, List.of(), SMALL, ticker);
        assertTrue(catalog.find("later").isEmpty());
        touch("later.gguf");
        assertTrue(catalog.find("later").isEmpty(), "the miss is remembered");
        now.addAndGet(ModelCatalog.MISS_TTL.toNanos() + 1);
        assertTrue(catalog.find("later").isPresent());
    }

    @Test
    void resolvesIdThenAliasThenLatestTagThenCaseInsensitively() throws IOException {
        touch("stories.gguf");
        touch("Mixed.gguf");
        var configured = List.of(
                new ModelEntry("llama", dir.resolve("l.gguf"), List.of("tiny", "stories:260k"), SMALL, null));
        var catalog = discovering(configured);

        assertEquals("stories", catalog.find("stories").orElseThrow().id());
        assertEquals("llama", catalog.find("stories:260k").orElseThrow().id());
        assertEquals("llama", catalog.find("tiny").orElseThrow().id());
        assertEquals("stories", catalog.find("stories:latest").orElseThrow().id());
        assertEquals("llama", catalog.find("tiny:latest").orElseThrow().id());
        assertEquals("Mixed", catalog.find("mixed").orElseThrow().id());
        assertEquals("Mixed", catalog.find("MIXED:LATEST").orElseThrow().id());
        assertEquals("llama", catalog.find("TINY").orElseThrow().id());
        assertTrue(catalog.find("stories:q4").isEmpty(), "only :latest is dropped: another tag is another model");
        assertTrue(catalog.find("").isEmpty());
        assertTrue(catalog.find(null).isEmpty());
    }

    @Test
    void caseInsensitiveMatchMustBeUnique() throws IOException {
        touch("a/Model.gguf");
        touch("b/model.gguf");
        var catalog = discovering(List.of());
        assertEquals("model", catalog.find("model").orElseThrow().id());
        assertEquals("Model", catalog.find("Model").orElseThrow().id());
        assertTrue(catalog.find("MODEL").isEmpty(), "two models match ignoring case");
    }

    @Test
    void configuredNamesMustBeUnique() {
        var a = new ModelEntry("a", dir.resolve("a.gguf"), List.of("x"), SMALL, null);
        var b = new ModelEntry("b", dir.resolve("b.gguf"), List.of("x"), SMALL, null);
        var e = assertThrows(IllegalArgumentException.class, () -> ModelCatalog.of(List.of(a, b)));
        assertEquals("model name \"x\" is used twice (by \"a\" and \"b\")", e.getMessage());
    }

    @Test
    void adHocEntryForAFileIsAddedOnlyThroughCode() {
        Path elsewhere = dir.resolve("downloads/run-me-00001-of-00002.gguf");
        var configured = List.of(new ModelEntry("run-me", dir.resolve("old.gguf"), List.of("r"), SMALL, null));
        var base = ModelCatalog.of(configured);

        ModelEntry adHoc = ModelEntry.ofFile(elsewhere, SMALL);
        var catalog = base.withExtraEntry(adHoc);

        assertEquals("run-me", adHoc.id());
        assertEquals(elsewhere.toAbsolutePath(), catalog.find("run-me").orElseThrow().path());
        assertTrue(catalog.find("r").isEmpty(), "the replaced entry's aliases go with it");
        assertEquals(dir.resolve("old.gguf"), base.find("run-me").orElseThrow().path(), "the original is unchanged");
        var clash = new ModelEntry("other", elsewhere, List.of("run-me"), SMALL, null);
        assertThrows(IllegalArgumentException.class, () -> catalog.withExtraEntry(clash));
    }

    @Test
    void filesThatAreNotReadableGgufAreLeftOutAndReported() throws IOException {
        Path good = touch("good.gguf");
        Path text = BrokenModels.notAModel(dir, "broken.gguf");
        Path empty = BrokenModels.empty(dir, "empty.gguf");
        Path truncated = BrokenModels.truncated(TestModels.tiny(), dir, "truncated.gguf");
        var catalog = discovering(List.of());

        assertEquals(List.of("good"), ids(catalog.available()));
        assertTrue(catalog.find("broken").isEmpty(), "a broken file takes no name");
        var unreadable = catalog.unreadable();
        assertEquals(List.of(text, empty, truncated), unreadable.stream().map(UnreadableModel::path).toList());
        assertEquals(List.of("broken", "empty", "truncated"), unreadable.stream().map(UnreadableModel::id).toList());
        assertTrue(unreadable.get(0).reason().startsWith("not a GGUF file: bad magic"), unreadable.get(0).reason());
        assertEquals("not a GGUF file: only 0 bytes", unreadable.get(1).reason());
        assertTrue(unreadable.get(2).reason().contains("extends past the end of the file"), unreadable.get(2).reason());
        assertTrue(unreadable.stream().noneMatch(UnreadableModel::configured));
        assertEquals(good, catalog.find("good").orElseThrow().path());
    }

    @Test
    void aBrokenFileDoesNotShadowAGoodOneWithTheSameName() throws IOException {
        BrokenModels.notAModel(dir, "m.gguf");
        Path deeper = touch("sub/m.gguf");
        assertEquals(deeper, discovering(List.of()).find("m").orElseThrow().path());
    }

    @Test
    void aFileRewrittenInPlaceIsReadAgain() throws IOException {
        BrokenModels.empty(dir, "late.gguf");
        var catalog = discovering(List.of());
        assertEquals(List.of(), catalog.available());
        assertEquals(1, catalog.unreadable().size());
        touch("late.gguf"); // the download finished: another size, so another version
        assertEquals(List.of("late"), ids(catalog.available()));
        assertEquals(List.of(), catalog.unreadable());
    }

    @Test
    void configuredModelsWithMissingOrUnreadableFilesStayListedAndAreReported() throws IOException {
        Path broken = BrokenModels.notAModel(dir, "configured.gguf");
        var configured = List.of(
                new ModelEntry("mine", broken, List.of("m"), SMALL, null),
                new ModelEntry("gone", dir.resolve("nowhere/gone.gguf"), List.of(), SMALL, null));
        var catalog = discovering(configured);

        assertEquals(List.of("gone", "mine"), ids(catalog.available()), "their loads fail with the reason");
        var unreadable = catalog.unreadable();
        assertEquals(2, unreadable.size(), unreadable.toString());
        assertEquals("mine", unreadable.get(0).id(), "the file in the models folder is reported under its configured id");
        assertTrue(unreadable.get(0).configured());
        assertFalse(unreadable.get(0).missing());
        assertEquals("gone", unreadable.get(1).id());
        assertTrue(unreadable.get(1).missing());
        assertEquals(UnreadableModel.FILE_NOT_FOUND, unreadable.get(1).reason());
    }

    @Test
    void nothingIsReportedBeforeTheFirstScan() {
        BrokenModels.notAModel(dir, "broken.gguf");
        var catalog = discovering(List.of());
        assertEquals(List.of(), catalog.unreadable());
        assertTrue(catalog.find("broken").isEmpty());
        assertEquals(1, catalog.unreadable().size(), "a miss scans");
    }

    @Test
    void namesMadeAtRunTimeAreBoundedInLengthAndNumber() throws Exception {
        Path file = TestModels.copyOf(TestModels.tiny(), dir, "m.gguf");
        var catalog = ModelCatalog.of(List.of(ModelEntry.ofFile(file, null)));
        var tooLong = assertThrows(IllegalArgumentException.class,
                () -> catalog.addAlias("x".repeat(ModelCatalog.MAX_NAME + 1), "m"));
        assertTrue(tooLong.getMessage().contains("at most " + ModelCatalog.MAX_NAME), tooLong.getMessage());
        assertThrows(IllegalArgumentException.class, () -> catalog.addAlias("bad\u0000name", "m"));
        for (int i = 0; i < ModelCatalog.MAX_RUNTIME_ALIASES; i++) {
            catalog.addAlias("copy-" + i, "m");
        }
        var tooMany = assertThrows(IllegalArgumentException.class, () -> catalog.addAlias("one-more", "m"));
        assertTrue(tooMany.getMessage().contains("delete some first"), tooMany.getMessage());
        catalog.addAlias("copy-0", "m"); // renaming an existing one is still fine
        assertTrue(catalog.removeAlias("copy-1"));
        catalog.addAlias("one-more", "m");
    }
}
