package dev.helix.benchmarks.jmh;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.benchmarks.load.Api;
import dev.helix.benchmarks.load.Prompts;
import dev.helix.benchmarks.load.StreamRequest;
import dev.helix.protocol.WireJson;
import dev.helix.protocol.openai.ChatCompletionRequest;
import dev.helix.provider.ChatMessage;
import dev.helix.provider.ChatRequest;
import dev.helix.server.openai.OpenAiMapper;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What {@code POST /v1/chat/completions} does with a body before any model is involved: the server's own JSON
 * mapper reads it into the wire record, and {@link OpenAiMapper} turns that into the runtime's request (messages
 * and generation options, validated).
 * A short chat (one user message), and a conversation with about 1,000 tokens of history.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx512m")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class OpenAiRequestBenchmark {
    @Param({"short", "history"})
    String chat;

    private final ObjectMapper json = WireJson.mapper();
    private byte[] body;

    @Setup
    public void setUp() {
        List<ChatMessage> messages = chat.equals("short") ? Prompts.story(1) : Prompts.conversation(0, 1000);
        body = StreamRequest.greedy("model", messages, 64, 42).body(Api.OPENAI);
    }

    @Benchmark
    public ChatRequest parseAndMap() throws IOException {
        ChatCompletionRequest request = json.readValue(body, ChatCompletionRequest.class);
        return new ChatRequest(request.model(), OpenAiMapper.messages(request.messages()),
                OpenAiMapper.options(request));
    }
}
