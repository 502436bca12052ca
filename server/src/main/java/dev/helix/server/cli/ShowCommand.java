package dev.helix.server.cli;

import dev.helix.router.ModelCatalog;
import dev.helix.router.ModelEntry;
import dev.helix.router.config.HelixConfig;
import dev.helix.runtime.gguf.GgufFormatException;
import dev.helix.runtime.gguf.GgufMetadata;
import dev.helix.runtime.gguf.GgufReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "show", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Describe a model from its GGUF header, without loading it.")
final class ShowCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Parameters(index = "0", paramLabel = "MODEL", description = "Model name, or path to a .gguf file.")
    String model;

    @Option(names = "--template", description = "Print only the chat template.")
    boolean template;

    @Option(names = "--metadata", description = "Also print every key of the GGUF header.")
    boolean metadata;

    @Override
    public Integer call() {
        Path file = resolve();
        GgufMetadata m;
        try {
            m = GgufReader.read(file);
        } catch (GgufFormatException e) {
            throw new CliException("not a readable GGUF file: " + file + ": " + e.getMessage());
        }
        if (template) {
            System.out.println(m.chatTemplate() == null ? "(no chat template in the file; llama.cpp uses ChatML)"
                    : m.chatTemplate());
            return 0;
        }
        var t = new Table("", "");
        t.row("file", file.toString());
        t.row("size", Table.bytes(m.fileSize()));
        t.row("architecture", m.architecture());
        if (m.name() != null) {
            t.row("name", m.name());
        }
        t.row("parameters", m.parameterSize() + " (" + m.parameterCount() + ")");
        t.row("quantization", m.quantization());
        t.row("context length", Long.toString(m.contextLength()));
        t.row("embedding length", Long.toString(m.embeddingLength()));
        t.row("layers", Long.toString(m.blockCount()));
        t.row("tokenizer", m.tokenizerModel() + ", " + m.vocabularySize() + " tokens");
        t.row("chat template", m.chatTemplate() == null ? "none (llama.cpp falls back to ChatML)"
                : m.chatTemplate().length() + " characters (--template prints it)");
        System.out.print(t.toString().lines().skip(1).map(l -> "  " + l + System.lineSeparator())
                .reduce("", String::concat));
        if (metadata) {
            System.out.println();
            m.metadata().forEach((key, value) -> System.out.println("  " + key + " = " + value));
        }
        return 0;
    }

    private Path resolve() {
        Path direct = Path.of(model);
        if (model.endsWith(".gguf") || model.contains("/") || model.contains("\\")) {
            if (!Files.isRegularFile(direct)) {
                throw new CliException("model file not found: " + model);
            }
            return direct;
        }
        HelixConfig c = config.load();
        ModelCatalog catalog = c.catalog();
        ModelEntry entry = catalog.find(model).orElseThrow(() -> ModelNotFound.of(model, c, catalog));
        if (!Files.isRegularFile(entry.path())) {
            throw new CliException("model file not found: " + entry.path());
        }
        return entry.path();
    }
}
