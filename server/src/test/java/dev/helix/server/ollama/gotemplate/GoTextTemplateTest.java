package dev.helix.server.ollama.gotemplate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Go's text/template semantics, case by case; each expected output is what Go's own package prints. */
class GoTextTemplateTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC);

    private static String run(String template, Map<String, Object> data) {
        return GoTextTemplate.parse(template).execute(data, CLOCK);
    }

    private static String error(String template, Map<String, Object> data) {
        return assertThrows(TemplateError.class, () -> run(template, data)).getMessage();
    }

    private static Map<String, Object> data() {
        var m = new LinkedHashMap<String, Object>();
        m.put("b", 2L);
        m.put("a", 1L);
        var d = new LinkedHashMap<String, Object>();
        d.put("L", List.of("a", "skip", "b", "stop", "c"));
        d.put("M", m);
        d.put("P", "x");
        d.put("Zero", 0L);
        d.put("Yes", "yes");
        d.put("Html", Map.of("k", "<&>"));
        d.put("Person", new GoStruct("main.Person", List.of(new GoStruct.Field("Name", "name", false, "Bo")), false));
        return d;
    }

    @Test
    void variablesAreScopedToTheirBlockAndAssignmentReachesOut() {
        assertEquals("2", run("{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ $y := 3 }}{{ end }}{{ $x }}", data()));
        assertEquals("undefined variable: $y", error("{{ if true }}{{ $y := 3 }}{{ end }}{{ $y }}", data()));
    }

    @Test
    void ifElseIfElseAndWith() {
        String t = "{{ if eq .N 1 }}one{{ else if eq .N 2 }}two{{ else }}many{{ end }}";
        assertEquals("two", run(t, Map.of("N", 2L)));
        assertEquals("many", run(t, Map.of("N", 5L)));
        String with = "{{ with .Name }}Hi {{ . }}{{ else }}anon{{ end }}";
        assertEquals("Hi Bo", run(with, Map.of("Name", "Bo")));
        assertEquals("anon", run(with, Map.of("Name", "")));
    }

    @Test
    void rangeWithIndexElseBreakContinueAndTheRoot() {
        String t = "{{ range $i, $v := .L }}{{ if eq $v \"skip\" }}{{ continue }}{{ end }}"
                + "{{ if eq $v \"stop\" }}{{ break }}{{ end }}{{ $i }}={{ $v }};{{ else }}empty{{ end }}";
        assertEquals("0=a;2=b;", run(t, data()));
        assertEquals("empty", run(t, Map.of("L", List.of())));
        assertEquals("a:1 b:2 ", run("{{ range $k, $v := .M }}{{ $k }}:{{ $v }} {{ end }}", data()),
                "a map ranges by sorted key");
        assertEquals("xaxskip", run("{{ range (slice .L 0 2) }}{{ $.P }}{{ . }}{{ end }}", data()));
        assertEquals("012", run("{{ range 3 }}{{ . }}{{ end }}", Map.of()), "Go 1.22 ranges over an integer");
    }

    @Test
    void andOrStopAtTheArgumentThatDecides() {
        assertEquals("yes", run("{{ or .Yes (index .L 9) }}", data()));
        assertEquals("0", run("{{ and .Zero (index .L 9) }}", data()));
        assertEquals("b", run("{{ and 1 \"b\" }}", data()));
        assertEquals("index out of range: 9", error("{{ or .Zero (index .L 9) }}", data()));
    }

    @Test
    void comparisons() {
        assertEquals("true", run("{{ eq .P \"a\" \"b\" \"x\" }}", data()));
        assertEquals("true true true true false", run("{{ lt 1 2 }} {{ le 2 2 }} {{ gt 1.5 1 }} {{ ne \"a\" \"b\" }} "
                + "{{ not 1 }}", data()));
        assertEquals("incompatible types for comparison: int and string", error("{{ eq 1 \"1\" }}", data()));
    }

    @Test
    void lenIndexSliceAndPrinting() {
        assertEquals("2 5 2", run("{{ len \"é\" }} {{ len .L }} {{ len .M }}", data()), "len of a string is bytes");
        assertEquals("[skip] 1 b", run("{{ slice .L 1 2 }} {{ index .M \"a\" }} {{ index .L 2 }}", data()));
        assertEquals("map[a:1 b:2] [a skip] {Bo} <no value>", run("{{ .M }} {{ slice .L 0 2 }} {{ .Person }} "
                + "{{ .Nope }}", data()), "fmt's forms; a missing map key prints <no value>");
        assertEquals("1 2a3", run("{{ print 1 2 \"a\" 3 }}", data()), "Sprint spaces operands that are not strings");
        assertEquals("x-3 \"y\" 100%", run("{{ printf \"%s-%d %q %d%%\" \"x\" 3 \"y\" 100 }}", data()));
        assertEquals("a!", run("{{ \"a\" | printf \"%s!\" }}", data()));
        assertEquals("Bo", run("{{ (.Person).Name }}", data()));
        assertEquals("{\"k\":\"\\u003c\\u0026\\u003e\"} 1.5 1e+21", run("{{ json .Html }} {{ 1.5 }} {{ 1e21 }}", data()),
                "json escapes HTML characters as Go's encoding/json does");
        assertEquals("2026-11-30 2026-11-29", run("{{ currentDate }} {{ yesterdayDate }}", data()));
    }

    @Test
    void trimMarkersNeedTheSpaceAndCommentsVanish() {
        assertEquals("a3b", run("a {{- 3 -}} b", data()));
        assertEquals("a -3 b", run("a {{-3}} b", data()), "{{-3}} is the number -3, not a trim marker");
        assertEquals("ab", run("a{{/* note */}}b", data()));
        assertEquals("a}}b", run("a{{ \"}}\" }}b", data()), "}} inside a string does not end the action");
    }

    @Test
    void whatGoRefusesIsRefusedWithItsReason() {
        assertEquals("can't evaluate field Nope in type main.Person", error("{{ .Person.Nope }}", data()));
        assertTrue(error("{{ if .A }}x", data()).contains("has no {{ end }}"));
        assertTrue(error("{{ else }}", data()).startsWith("unexpected {{ else }}"));
        assertEquals("function \"foo\" not defined", error("{{ foo }}", data()));
        assertTrue(error("{{ .L 1 }}", data()).startsWith("can't give argument to non-function .L"));
        assertTrue(error("{{ define \"x\" }}{{ end }}", data()).contains("not supported"));
        assertTrue(error("{{ template \"x\" }}", data()).contains("not supported"));
        assertEquals("{{ break }} or {{ continue }} outside {{ range }}", error("{{ break }}", data()));
        assertTrue(error("{{ \"unterminated }}", data()).startsWith("unterminated string"));
        assertTrue(error("{{ range 1000000000 }}{{ end }}", data()).contains("iterations"), "no 10^9 loop");
        assertTrue(error("{{ range 5000 }}{{ range 5000 }}{{ end }}{{ end }}", data()).contains("steps"),
                "nor 25 million steps");
    }
}
