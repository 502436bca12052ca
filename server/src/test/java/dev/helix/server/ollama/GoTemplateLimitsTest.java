package dev.helix.server.ollama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.provider.InvalidRequestException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Templates are request input (issue 10): the ones that froze the server (a regex quadratic in "{{" runs) or
 * overflowed its stack (thousands of nested ifs) are refused as 400s after one linear pass. The timeout only
 * guards against a hang: the old code needed 15 s for 32 KB of "{{".
 */
@Timeout(60)
class GoTemplateLimitsTest {

    @Test
    void aRunOfOpenBracesIsRefusedInOnePass() {
        String braces = "{{".repeat(GoTemplate.MAX_LENGTH / 2);
        var error = assertThrows(InvalidRequestException.class, () -> GoTemplate.render(braces, Map.of()));
        assertEquals("template: {{ at character 0 is never closed with }}", error.getMessage());
        assertEquals("template", error.param());
    }

    @Test
    void overTheSizeCapIsRefusedBeforeAnyScan() {
        String big = "x".repeat(GoTemplate.MAX_LENGTH + 1);
        var error = assertThrows(InvalidRequestException.class, () -> GoTemplate.render(big, Map.of()));
        assertTrue(error.getMessage().contains("longer than"), error.getMessage());
    }

    @Test
    void deepNestingIsRefusedNotAStackOverflow() {
        String nested = "{{ if .System }}".repeat(3000) + "x" + "{{ end }}".repeat(3000);
        var error = assertThrows(InvalidRequestException.class, () -> GoTemplate.render(nested, Map.of()));
        assertTrue(error.getMessage().contains("nest deeper than " + GoTemplate.MAX_DEPTH), error.getMessage());
        String allowed = "{{ if .System }}".repeat(GoTemplate.MAX_DEPTH) + "x" + "{{ end }}".repeat(GoTemplate.MAX_DEPTH);
        assertEquals("x", GoTemplate.render(allowed, Map.of("System", "s")));
    }

    @Test
    void manyActionsStillRender() {
        String many = "{{ .Prompt }}".repeat(10_000);
        assertEquals("p".repeat(10_000), GoTemplate.render(many, Map.of("Prompt", "p")));
    }

    @Test
    void renderingCostGrowsLinearlyUpToTheCap() {
        String block = "text {{- if .System }} {{ .System }}{{ else }}none{{ end -}} {{/* c */}} {{ .Prompt }}\n";
        var measured = dev.helix.runtime.testing.Growth.assertLinear("template", n -> block.repeat(n),
                t -> GoTemplate.render(t, Map.of("System", "s", "Prompt", "p")), 100,
                GoTemplate.MAX_LENGTH / block.length() / 2);
        System.out.println(measured);
    }

    @Test
    void refusingPastTheCapCostsLessThanRenderingAtIt() {
        String block = "{{ if .System }}{{ .System }}{{ end }}{{ .Prompt }}";
        String atCap = block.repeat(GoTemplate.MAX_LENGTH / block.length());
        String past = block.repeat(20 * GoTemplate.MAX_LENGTH / block.length());
        var values = Map.of("System", "s", "Prompt", "p");
        long render = dev.helix.runtime.testing.Growth.fastest(atCap, t -> GoTemplate.render(t, values), 5);
        long refuse = dev.helix.runtime.testing.Growth.fastest(past, t -> assertThrows(InvalidRequestException.class,
                () -> GoTemplate.render(t, values)), 5);
        assertTrue(refuse < render, "refusing 20 times the cap: " + refuse / 1000 + " us; rendering at the cap: "
                + render / 1000 + " us");
    }

    @Test
    void trimMarkersAndCommentsAsBefore() {
        assertEquals("a|b", GoTemplate.render("a  {{- /* note */ -}}  |{{- .Prompt }}", Map.of("Prompt", "b")));
    }
}
