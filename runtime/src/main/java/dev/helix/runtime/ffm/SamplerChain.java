package dev.helix.runtime.ffm;

import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.helix.provider.GenerationOptions;
import dev.helix.provider.InvalidRequestException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One request's sampler chain, built the way llama.cpp's server builds it (common/sampling.cpp, b4916): logit bias,
 * grammar, penalties, top-k, typical, top-p, min-p, temperature, then a seeded draw; temperature 0 is greedy (after
 * the bias and the penalties, as the server's temperature-0 sampler keeps only the best token). {@code min_keep} is
 * 0, the server's. {@code repeat_last_n} -1 is the whole context.
 * Unset options take the server's defaults. The chain is native memory with one owner: {@link #close()} frees it.
 */
final class SamplerChain implements AutoCloseable {
    private final LlamaLibrary.Functions fn;
    private MemorySegment chain;
    /** The penalty sampler inside the chain (owned by it), or null: it is told the prompt's tokens. */
    private MemorySegment penalties;

    private SamplerChain(LlamaLibrary.Functions fn, MemorySegment chain) {
        this.fn = fn;
        this.chain = chain;
    }

    /**
     * @param grammar GBNF with a {@code root} rule, or null
     * @throws InvalidRequestException when llama.cpp refuses the grammar
     */
    static SamplerChain create(LlamaLibrary library, MemorySegment vocab, int vocabSize, GenerationOptions o,
                               String grammar, int context) {
        var fn = library.fn;
        MemorySegment chain;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment params = fn.samplerChainDefaultParams(arena);
            params.set(JAVA_BOOLEAN, CApi.offset(library.api().samplerChainParams(), "no_perf"), true);
            chain = (MemorySegment) fn.chainInit.invokeExact(params);
            var sampler = new SamplerChain(fn, chain);
            try {
                if (!o.logitBias().isEmpty()) {
                    var layout = library.api().logitBias();
                    MemorySegment biases = arena.allocate(layout, o.logitBias().size());
                    int i = 0;
                    for (var bias : o.logitBias().entrySet()) {
                        MemorySegment entry = biases.asSlice(i++ * layout.byteSize(), layout.byteSize());
                        entry.set(JAVA_INT, CApi.offset(layout, "token"), bias.getKey());
                        entry.set(JAVA_FLOAT, CApi.offset(layout, "bias"), bias.getValue().floatValue());
                    }
                    sampler.add((MemorySegment) fn.logitBias.invokeExact(vocabSize, o.logitBias().size(), biases));
                }
                if (grammar != null) {
                    MemorySegment g = (MemorySegment) fn.grammar.invokeExact(vocab, arena.allocateFrom(grammar),
                            arena.allocateFrom("root"));
                    if (g.equals(MemorySegment.NULL)) {
                        throw new InvalidRequestException("llama.cpp could not parse the output grammar");
                    }
                    sampler.add(g);
                }
                float repeat = o.repeatPenalty() == null ? 1.0f : o.repeatPenalty().floatValue();
                float frequency = o.frequencyPenalty() == null ? 0f : o.frequencyPenalty().floatValue();
                float presence = o.presencePenalty() == null ? 0f : o.presencePenalty().floatValue();
                if (repeat != 1.0f || frequency != 0f || presence != 0f) {
                    int lastN = o.repeatLastN() == null ? 64 : o.repeatLastN() == -1 ? context : o.repeatLastN();
                    sampler.penalties = (MemorySegment) fn.penalties.invokeExact(vocabSize, lastN, repeat, frequency,
                            presence);
                    sampler.add(sampler.penalties);
                }
                double temperature = o.temperature() == null ? 0.8 : o.temperature();
                if (temperature <= 0) {
                    sampler.add((MemorySegment) fn.greedy.invokeExact());
                    return sampler;
                }
                sampler.add((MemorySegment) fn.topK.invokeExact(o.topK() == null ? 40 : o.topK()));
                if (o.typicalP() != null && o.typicalP() < 1.0) {
                    sampler.add((MemorySegment) fn.typical.invokeExact(o.typicalP().floatValue(), 0L));
                }
                sampler.add((MemorySegment) fn.topP.invokeExact(o.topP() == null ? 0.95f : o.topP().floatValue(),
                        0L));
                sampler.add((MemorySegment) fn.minP.invokeExact(o.minP() == null ? 0.05f : o.minP().floatValue(),
                        0L));
                sampler.add((MemorySegment) fn.temp.invokeExact((float) temperature));
                int seed = o.seed() == null ? ThreadLocalRandom.current().nextInt() & 0x7FFF_FFFF
                        : (int) (o.seed() & 0x7FFF_FFFFL);
                sampler.add((MemorySegment) fn.dist.invokeExact(seed));
                return sampler;
            } catch (Throwable t) {
                sampler.close();
                throw t;
            }
        } catch (Throwable t) {
            throw LlamaLibrary.rethrow(t);
        }
    }

    /**
     * Tells the penalties the prompt, as llama.cpp's server does before the first token (server.cpp b4980: every
     * prompt token through {@code common_sampler_accept}, the grammar left out), so a repeat penalty also counts what
     * the prompt said. Only the penalty sampler keeps a history in this chain; the grammar must not see the prompt.
     */
    void acceptPrompt(int[] prompt) {
        if (penalties == null) {
            return;
        }
        try {
            for (int token : prompt) {
                fn.samplerAccept.invokeExact(penalties, token);
            }
        } catch (Throwable t) {
            throw LlamaLibrary.rethrow(t);
        }
    }

    private void add(MemorySegment sampler) throws Throwable {
        fn.chainAdd.invokeExact(chain, sampler);
    }

    /** Samples from the logits of batch output {@code index} and accepts the token into the chain's state. */
    int sample(MemorySegment context, int index) {
        try {
            return (int) fn.samplerSample.invokeExact(chain, context, index);
        } catch (Throwable t) {
            throw LlamaLibrary.rethrow(t);
        }
    }

    @Override
    public void close() {
        if (chain != null) {
            try {
                fn.samplerFree.invokeExact(chain);
            } catch (Throwable t) {
                throw LlamaLibrary.rethrow(t);
            }
            chain = null;
        }
    }
}
