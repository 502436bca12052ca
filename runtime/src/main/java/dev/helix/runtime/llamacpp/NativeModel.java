package dev.helix.runtime.llamacpp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import dev.helix.provider.ChatMessage;
import dev.helix.provider.ChatRequest;
import dev.helix.provider.InvalidRequestException;
import dev.helix.provider.Tool;
import dev.helix.provider.ModelLoadException;
import dev.helix.provider.ProviderFailedException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one owner of a {@link LlamaModel}. Every call is guarded by a closed flag, because a call on a closed (or
 * never properly created) native context dereferences freed memory. Closing does not return the memory: the
 * binding's {@code close()} frees nothing (upstream #102), which is why models normally live in a runner process
 * that ends on unload.
 */
final class NativeModel implements ModelEngine {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LlamaModel model;
    private final java.nio.file.Path file;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile java.util.Optional<dev.helix.runtime.template.ChatTemplate> refusals; // built on first chat

    private NativeModel(LlamaModel model, java.nio.file.Path file) {
        this.model = model;
        this.file = file;
    }

    /** The model for generation (slots, chat template). */
    static NativeModel load(LoadParameters parameters) {
        return load(parameters, parameters.toModelParameters());
    }

    /** A second context on the same file for embeddings only (see {@link EmbeddingContext}). */
    static NativeModel loadForEmbeddings(LoadParameters parameters) {
        return load(parameters, parameters.toEmbeddingParameters());
    }

    private static NativeModel load(LoadParameters parameters, de.kherud.llama.ModelParameters native_) {
        NativeLibrary.prepare();
        try {
            return new NativeModel(new LlamaModel(native_), parameters.model());
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            throw new ModelLoadException("llama.cpp could not load " + parameters.model() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Renders a conversation through the model's chat template (or llama.cpp's ChatML fallback), in the OpenAI
     * shape llama.cpp's template engine takes: with the tools when calls are allowed, assistant tool calls (their
     * arguments as a JSON string) and tool answers. A template without tool support gets llama.cpp's polyfill: a
     * system block that lists the tools and asks for calls as JSON, which {@link dev.helix.runtime.tools} reads.
     */
    @Override
    public String applyTemplate(ChatRequest request) {
        refuseWhatTheTemplateRefuses(request);
        ObjectNode body = JSON.createObjectNode();
        ArrayNode array = body.putArray("messages");
        for (ChatMessage m : request.messages()) {
            ObjectNode message = array.addObject().put("role", m.role().wireName()).put("content", m.content());
            if (!m.toolCalls().isEmpty()) {
                ArrayNode calls = message.putArray("tool_calls");
                for (ChatMessage.ToolCall call : m.toolCalls()) {
                    ObjectNode c = calls.addObject();
                    if (call.id() != null) {
                        c.put("id", call.id());
                    }
                    c.put("type", "function");
                    c.putObject("function").put("name", call.name()).put("arguments", call.arguments());
                }
            }
            if (m.toolCallId() != null) {
                message.put("tool_call_id", m.toolCallId());
            }
            if (m.toolName() != null) {
                message.put("name", m.toolName());
            }
        }
        if (request.toolsActive()) {
            ArrayNode tools = body.putArray("tools");
            for (Tool tool : request.tools()) {
                ObjectNode function = tools.addObject().put("type", "function").putObject("function")
                        .put("name", tool.name()).put("description", tool.description());
                function.set("parameters", ToolParameters.of(tool));
            }
        }
        body.put("add_generation_prompt", true);
        checkOpen();
        return model.applyTemplate(body.toString());
    }

    /**
     * A template's {@code raise_exception} (Gemma's "roles must alternate", say) escapes b4916's minja through JNI and
     * aborts the whole runner, every stream on it with it. So the conversation goes through Helix's own renderer of
     * the template first (the ffm engine's, which renders the binding's bytes on the templates it is checked on), and
     * one the template refuses is the same 400 as on the ffm engine, before llama.cpp sees it. Costs one render in
     * Java per chat request on this engine.
     */
    private void refuseWhatTheTemplateRefuses(ChatRequest request) {
        var template = refusals;
        if (template == null) {
            String source = dev.helix.runtime.gguf.GgufReader.read(file).chatTemplateIfAny().orElse(null);
            // BOS and EOS as "": a refusal does not depend on their text, and the output is not used
            template = java.util.Optional.ofNullable(source)
                    .map(text -> new dev.helix.runtime.template.ChatTemplate(text, "", ""));
            refusals = template;
        }
        template.flatMap(t -> t.refusal(TemplateInputs.messages(request), TemplateInputs.tools(request), true))
                .ifPresent(refused -> {
                    throw refused;
                });
    }

    @Override
    public int[] tokenize(String text) {
        checkOpen();
        return model.encode(text);
    }

    @Override
    public String detokenize(int[] tokens) {
        checkOpen();
        return model.decode(tokens);
    }

    LlamaIterator start(InferenceParameters parameters) {
        checkOpen();
        return model.generate(parameters).iterator();
    }

    float[] embed(String text) {
        checkOpen();
        return model.embed(text);
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new ProviderFailedException("the model was unloaded");
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            model.close();
        }
    }
}
