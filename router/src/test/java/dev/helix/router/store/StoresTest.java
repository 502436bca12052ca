package dev.helix.router.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.provider.InvalidRequestException;
import dev.helix.router.ModelCatalog;
import dev.helix.router.config.HelixConfig;
import dev.helix.runtime.ModelLoadOptions;
import dev.helix.runtime.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where stores are on each platform, how they are switched off, names from files, and the Modelfile subset. */
class StoresTest {
    @TempDir
    Path home;

    @Test
    void platformFoldersComeFromTheGivenHomeAndEnvironment() {
        var linux = new StoreLocations(home, Map.of(), StoreLocations.Os.LINUX);
        assertEquals(List.of(home.resolve(".ollama/models"), Path.of("/usr/share/ollama/.ollama/models")),
                linux.defaults(StoreKind.OLLAMA));
        assertEquals(List.of(home.resolve(".cache/huggingface/hub")), linux.defaults(StoreKind.HUGGING_FACE));
        assertEquals(List.of(home.resolve(".local/share/nomic.ai/GPT4All")), linux.defaults(StoreKind.GPT4ALL));
        assertEquals(List.of(home.resolve(".lmstudio/models"), home.resolve(".cache/lm-studio/models")),
                linux.defaults(StoreKind.LM_STUDIO));
        assertEquals(List.of(home.resolve("jan/models")), linux.defaults(StoreKind.JAN));
        var mac = new StoreLocations(home, Map.of("HF_HOME", home.resolve("hf").toString()), StoreLocations.Os.MAC);
        assertEquals(List.of(home.resolve("Library/Application Support/nomic.ai/GPT4All")),
                mac.defaults(StoreKind.GPT4ALL));
        assertEquals(List.of(home.resolve("hf/hub")), mac.defaults(StoreKind.HUGGING_FACE));
        assertEquals(List.of(home.resolve(".ollama/models")), mac.defaults(StoreKind.OLLAMA));
        var windows = new StoreLocations(home, Map.of("LOCALAPPDATA", home.resolve("AppData/Local").toString(),
                "OLLAMA_MODELS", home.resolve("D/ollama").toString()), StoreLocations.Os.WINDOWS);
        assertEquals(List.of(home.resolve("AppData/Local/nomic.ai/GPT4All")), windows.defaults(StoreKind.GPT4ALL));
        assertEquals(List.of(home.resolve("D/ollama")), windows.defaults(StoreKind.OLLAMA));
        assertEquals(StoreLocations.Os.WINDOWS, StoreLocations.Os.of("Windows 11"));
        assertEquals(StoreLocations.Os.MAC, StoreLocations.Os.of("Mac OS X"));
    }

    @Test
    void aStoreSwitchedOffInModelsYamlOrByHelixStoresIsNotRead() throws Exception {
        TestModels.copyOf(TestModels.tiny(), Files.createDirectories(home.resolve("jan/models/j")), "j.gguf");
        TestModels.copyOf(TestModels.tiny(), Files.createDirectories(home.resolve(".local/share/nomic.ai/GPT4All")),
                "g.gguf");
        Path yaml = Files.writeString(home.resolve("models.yaml"), "models_dir: " + home.resolve("m") + "\n"
                + "stores:\n  gpt4all: false\n  lmstudio: " + home.resolve("elsewhere") + "\n");
        var locations = new StoreLocations(home, Map.of(), StoreLocations.Os.LINUX);
        ModelCatalog catalog = HelixConfig.load(yaml).catalog(locations, null);
        assertEquals(List.of("j"), catalog.available().stream().map(e -> e.id()).toList());
        assertTrue(catalog.foreignStores().contains(new LmStudioStore(home.resolve("elsewhere"))));
        assertEquals(List.of(), HelixConfig.load(yaml).catalog(locations, "none").available());
        assertEquals(List.of("g"), new ModelCatalog(null, List.of(), ModelLoadOptions.DEFAULTS,
                StoresConfig.DEFAULTS.narrowedBy("gpt4all").stores(locations)).available().stream()
                .map(e -> e.id()).toList());
    }

    @Test
    void oneStoreMayNameAFileTwiceButAFileTwoStoresListIsServedOnce() {
        Path blob = home.resolve("blobs/sha256-0123");
        var latest = new StoredModel("llama3.2:latest", blob, StoreKind.OLLAMA, 1, null, null, "0123", null);
        var threeB = latest.withName("llama3.2:3b");
        var again = latest.withStore(StoreKind.LM_STUDIO).withName("sha256-0123");
        var twice = latest.withStore(StoreKind.HELIX);
        var merged = StoreMerge.merge(List.of(), java.util.Set.of(), List.of(twice, latest, threeB, again));
        assertEquals(List.of("llama3.2:latest"), merged.served().stream().map(StoredModel::name).toList(),
                "Helix's listing of the file wins; the other stores' are not served again");
        merged = StoreMerge.merge(List.of(), java.util.Set.of(), List.of(latest, threeB, again, latest));
        assertEquals(List.of("llama3.2:latest", "llama3.2:3b"), merged.served().stream().map(StoredModel::name)
                .toList(), "Ollama's two tags of one blob are two models");
    }

    @Test
    void quantizationTagsAsOllamaNamesHuggingFaceFiles() {
        assertEquals("hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M", QuantTag.hfName("bartowski",
                "Llama-3.2-1B-Instruct-GGUF", "Llama-3.2-1B-Instruct-Q4_K_M"));
        assertEquals("IQ3_XXS", QuantTag.tagOf("model-IQ3_XXS"));
        assertEquals("Q4_0", QuantTag.tagOf("tinyllama.q4_0"));
        assertEquals("F16", QuantTag.tagOf("phi-3-mini-f16"));
        assertEquals("stories260K", QuantTag.tagOf("stories260K"));
    }

    @Test
    void modelfileSubset() {
        var m = Modelfile.parse("""
                # a comment
                FROM llama3.2
                SYSTEM \"\"\"You are Mario.
                From Super Mario Bros.\"\"\"
                TEMPLATE "{{ .Prompt }}"
                PARAMETER temperature 0.7
                PARAMETER num_ctx 4096
                PARAMETER stop "<|eot_id|>"
                PARAMETER stop </s>
                LICENSE MIT
                """);
        assertEquals("llama3.2", m.from());
        assertEquals("You are Mario.\nFrom Super Mario Bros.", m.preset().system());
        assertEquals("{{ .Prompt }}", m.preset().template());
        assertEquals(Map.of("temperature", 0.7, "num_ctx", 4096L, "stop", List.of("<|eot_id|>", "</s>")),
                m.preset().parameters());
        assertThrows(InvalidRequestException.class, () -> Modelfile.parse("SYSTEM hi"));
        assertThrows(InvalidRequestException.class, () -> Modelfile.parse("FROM x\nPARAMETER temperature hot"));
        assertThrows(InvalidRequestException.class, () -> Modelfile.parse("FROM x\nPARAMETER mirostat 2"));
        assertThrows(InvalidRequestException.class, () -> Modelfile.parse("FROM x\nSYSTEM \"\"\"never closed"));
    }
}
