package dev.helix.runtime.llamacpp;

import dev.helix.provider.ChatMessage;
import dev.helix.provider.ChatRequest;
import dev.helix.provider.InvalidRequestException;
import dev.helix.provider.ModelLoadException;
import dev.helix.runtime.ffm.FfmModel;
import dev.helix.runtime.ffm.LibraryMismatchException;
import dev.helix.runtime.ffm.LibrarySource;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code engine: ffm}: the model runs in Helix's own decode loop over llama.cpp's C API ({@link FfmModel}), the
 * library being the one {@link LibrarySource} resolves (a {@code native/build.sh} install before the jar's). Chat
 * prompts are the model's own Jinja template rendered in Java as llama.cpp renders it
 * ({@link dev.helix.runtime.template.ChatTemplate}); requests with tools are refused here, because the tool-call
 * grammar and the parsing of calls are not wired into this engine yet (the binding engine does both). Embeddings run
 * in a context of their own on the same model ({@link FfmEmbeddings}).
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
        if (request.toolsActive()) {
            throw new InvalidRequestException("tools: engine ffm does not render tools into the chat template yet; "
                    + "load this model with engine: binding for tool calls", "tools");
        }
        List<FfmModel.Message> messages = new ArrayList<>();
        for (ChatMessage m : request.messages()) {
            messages.add(new FfmModel.Message(m.role().wireName(), m.content()));
        }
        return model.applyTemplate(messages, true);
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
