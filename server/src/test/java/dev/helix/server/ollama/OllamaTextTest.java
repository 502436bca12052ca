package dev.helix.server.ollama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.helix.provider.InvalidRequestException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Go-template subset of {@code /api/generate} and the reasoning split of {@code think}, without a model. */
class OllamaTextTest {

    @Test
    void goTemplateSubset() {
        String t = "{{- if .System }}<s>{{ .System }}</s>\n{{- end }}\n{{ .Prompt }}{{ if .Suffix }}|{{ .Suffix }}"
                + "{{ else }}.{{ end }}{{ .Response }}";
        assertEquals("<s>Be brief</s>\nHi.", GoTemplate.render(t, Map.of("System", "Be brief", "Prompt", "Hi")));
        assertEquals("\nHi|end", GoTemplate.render(t, Map.of("Prompt", "Hi", "Suffix", "end")));
        assertThrows(InvalidRequestException.class, () -> GoTemplate.render("{{ range .Messages }}{{ end }}", Map.of()));
        assertThrows(InvalidRequestException.class, () -> GoTemplate.render("{{ if .Prompt }}x", Map.of()));
        assertThrows(InvalidRequestException.class, () -> GoTemplate.render("{{ end }}", Map.of()));
    }

    @Test
    void thinkingIsSplitOffTheStartWhateverTheTokenBoundaries() {
        String output = "<think>Let me see.</think>\n\nThe answer is 4.";
        for (int size = 1; size <= output.length(); size++) {
            var splitter = new ThinkSplitter();
            var thinking = new StringBuilder();
            var content = new StringBuilder();
            for (int i = 0; i < output.length(); i += size) {
                var split = splitter.feed(output.substring(i, Math.min(output.length(), i + size)));
                thinking.append(split.thinking());
                content.append(split.content());
            }
            var last = splitter.finish();
            thinking.append(last.thinking());
            content.append(last.content());
            assertEquals("Let me see.", thinking.toString(), "split " + size);
            assertEquals("The answer is 4.", content.toString(), "split " + size);
        }
        var plain = new ThinkSplitter();
        assertEquals("<thin", plain.feed("<thin").content() + plain.finish().content());
    }
}
