package dev.helix.runtime.llamacpp;

import dev.helix.provider.ChatRequest;
import dev.helix.provider.ModelLoadException;
import dev.helix.runtime.ffm.FfmModel;
import dev.helix.runtime.ffm.LibraryMismatchException;
import dev.helix.runtime.ffm.LibrarySource;
import java.util.List;

/**
 * {@code engine: ffm}: the model runs in Helix's own decode loop over llama.cpp's C API ({@link FfmModel}), the
 * library being the one {@link LibrarySource} resolves (a {@code native/build.sh} install before the jar's). Chat
 * prompts are the model's own Jinja template rendered in Java as llama.cpp renders it
 * ({@link dev.helix.runtime.template.ChatTemplate}), tools, calls and tool answers included, in the OpenAI shape the
 * binding hands llama.cpp (each tool's parameters checked alike, {@link ToolParameters}). Embeddings run in a context
 * of their own on the same model ({@link FfmEmbeddings}).
 */
final class FfmEngine implements ModelEngine {
    private final FfmModel model;

    private FfmEngine(FfmModel model) {
        this.model = model;
    }

    static FfmEngine load(LoadParameters p, LibrarySource source) {
        try {
            var library = source.open();
            var engine = new FfmEngine(FfmModel.load(library, new FfmModel.Settings(p.model(),
                    p.slotContext(), p.parallel(), p.threads(), p.threadsBatch(), p.options().batchSize(),
                    p.microBatch(), p.gpuLayers(), p.options().mmap())));
            // as the binding's server logs it at each load: what a runner's verbose log (the doctor's) shows; after
            // the load, so that the hundreds of lines a current llama.cpp logs while loading do not push it out of
            // the lines a runner keeps
            org.slf4j.LoggerFactory.getLogger("dev.helix.llama.cpp").debug("system_info: {}", library.systemInfo());
            return engine;
        } catch (LibraryMismatchException e) {
            throw new ModelLoadException("engine ffm cannot run " + p.model() + ": " + e.getMessage(), e);
        }
    }

    FfmModel model() {
        return model;
    }

    @Override
    public String applyTemplate(ChatRequest request) {
        List<FfmModel.Message> messages = TemplateInputs.messages(request).stream()
                .map(m -> new FfmModel.Message(m.role(), m.content(), m.toolCalls(), m.toolCallId(), m.name()))
                .toList();
        return model.applyTemplate(messages, TemplateInputs.tools(request), true);
    }

    @Override
    public int[] tokenize(String text) {
        return model.tokenize(text, false, true);
    }

    @Override
    public String detokenize(int[] tokens) {
        return model.detokenize(tokens);
    }

    @Override
    public void close() {
        model.close();
    }
}
