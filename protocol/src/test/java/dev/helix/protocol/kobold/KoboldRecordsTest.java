package dev.helix.protocol.kobold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.protocol.WireJson;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** KoboldAI's native API as koboldcpp.py reads and writes it. */
class KoboldRecordsTest {
    private final ObjectMapper json = WireJson.mapper();

    @Test
    void aRequestUsesKoboldsNamesAndLeavesOutWhatIsNotSet() throws IOException {
        var request = new KoboldGenerateRequest("User: Hi\nAssistant:", 64, 4096L, 0.7, 0.9, 40, null, 0.95, 1.1, 128,
                null, 42L, List.of("\nUser:"), true);
        assertEquals("{\"prompt\":\"User: Hi\\nAssistant:\",\"max_length\":64,\"max_context_length\":4096,"
                + "\"temperature\":0.7,\"top_p\":0.9,\"top_k\":40,\"typical\":0.95,\"rep_pen\":1.1,\"rep_pen_range\":128,"
                + "\"sampler_seed\":42,\"stop_sequence\":[\"\\nUser:\"],\"trim_stop\":true}", json.writeValueAsString(request));
    }

    @Test
    void wholeAnswersOfKoboldCppAndKoboldAiUnitedAndStreamedTokens() throws IOException {
        var cpp = json.readValue("{\"results\":[{\"text\":\" Hello\",\"finish_reason\":\"length\",\"logprobs\":null,"
                + "\"prompt_tokens\":5,\"completion_tokens\":2}]}", KoboldGenerateResponse.class);
        assertEquals(new KoboldGenerateResponse.Result(" Hello", "length", 5, 2), cpp.results().getFirst());
        var united = json.readValue("{\"results\":[{\"text\":\"Hi\"}]}", KoboldGenerateResponse.class);
        assertNull(united.results().getFirst().finishReason());
        assertEquals(new KoboldToken("Hi", null), json.readValue("{\"token\":\"Hi\",\"finish_reason\":null}",
                KoboldToken.class));
    }
}
