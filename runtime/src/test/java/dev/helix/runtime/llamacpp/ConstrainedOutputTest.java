package dev.helix.runtime.llamacpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.provider.Completion;
import dev.helix.provider.CompletionRequest;
import dev.helix.provider.FinishReason;
import dev.helix.provider.GenerationOptions;
import dev.helix.provider.InvalidRequestException;
import dev.helix.provider.OutputConstraint;
import dev.helix.runtime.testing.TestEngine;
import dev.helix.runtime.testing.TestModels;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Grammar-constrained output from a random-weight model: the grammar alone makes it valid JSON. */
@Timeout(120)
@Tag(TestEngine.TAG)
class ConstrainedOutputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static RunnerProvider provider;

    @BeforeAll
    static void start() {
        provider = RunnerProvider.start("tiny", TestModels.tiny(), TestEngine.defaults().withContextSize(1024),
                RunnerSettings.defaults());
    }

    @AfterAll
    static void stop() {
        provider.close();
    }

    private static Completion generate(OutputConstraint constraint) {
        return provider.complete(new CompletionRequest("tiny", "Answer in JSON:",
                GenerationOptions.DEFAULTS.withTemperature(0.0).withMaxTokens(400).withConstraint(constraint))).collect();
    }

    @Test
    void aJsonSchemaIsFollowed() throws Exception {
        String schema = """
                {"type":"object","properties":{"age":{"type":"integer"},"ok":{"type":"boolean"}},
                 "required":["age","ok"],"additionalProperties":false}""";
        Completion c = generate(new OutputConstraint.JsonSchema(schema));
        assertEquals(FinishReason.STOP, c.reason(), "a bounded schema ends by itself: " + c.text());
        JsonNode value = JSON.readTree(c.text());
        assertTrue(value.get("age").isIntegralNumber(), c.text());
        assertTrue(value.get("ok").isBoolean(), c.text());
        assertEquals(2, value.size());
    }

    @Test
    void anyJsonIsAnObject() {
        Completion c = generate(new OutputConstraint.AnyJson());
        assertTrue(c.text().stripLeading().startsWith("{"), c.text());
    }

    @Test
    void aSchemaTheConverterCannotExpressIsABadRequestNotACrash() {
        var error = assertThrows(InvalidRequestException.class,
                () -> generate(new OutputConstraint.JsonSchema("{\"type\":\"nonsense\"}")));
        assertTrue(error.getMessage().contains("nonsense"), error.getMessage());
        assertTrue(provider.health().status() == dev.helix.provider.Health.Status.UP, "the runner survived");
        assertTrue(generate(null).usage().completionTokens() > 0);
    }
}
