package dev.helix.server.ollama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.helix.provider.InvalidRequestException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Go-template subset of {@code /api/generate}, without a model. */
class OllamaTextTest {

    @Test
    void goTemplateSubset() {
        String t = "{{- if .System }}<s>{{ .System }}</s>\n{{- end }}\n{{ .Prompt }}{{ if .Suffix }}|{{ .Suffix }}"
                + "{{ else }}.{{ end }}{{ .Response }}";
        assertEquals("<s>Be brief</s>\nHi.", GoTemplate.render(t, Map.of("System", "Be brief", "Prompt", "Hi")));
        assertEquals("\nHi|end", GoTemplate.render(t, Map.of("Prompt", "Hi", "Suffix", "end")));
        assertEquals("user:Hi;", GoTemplate.render("{{ range .Messages }}{{ .Role }}:{{ .Content }};{{ end }}",
                Map.of("Prompt", "Hi")));
        assertThrows(InvalidRequestException.class, () -> GoTemplate.render("{{ template \"x\" }}", Map.of()));
        assertThrows(InvalidRequestException.class, () -> GoTemplate.render("{{ if .Prompt }}x", Map.of()));
        assertThrows(InvalidRequestException.class, () -> GoTemplate.render("{{ end }}", Map.of()));
    }
}
