package dev.helix.server.alerts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An alert in each webhook's shape: generic JSON (every field), a Slack incoming webhook's ({@code text}, with
 * {@code blocks}), a Discord webhook's ({@code content} with one embed).
 */
final class AlertPayloads {
    private AlertPayloads() {
    }

    static Map<String, Object> generic(Alert a) {
        var body = new LinkedHashMap<String, Object>();
        body.put("source", "helix");
        body.put("event", a.event());
        body.put("severity", a.severity());
        body.put("subject", a.subject());
        body.put("summary", a.summary());
        body.put("time", a.time().toString());
        body.put("host", a.host());
        body.put("details", a.details());
        return body;
    }

    static Map<String, Object> slack(Alert a) {
        String line = headline(a);
        return Map.of("text", line, "blocks", List.of(
                Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", "*" + line + "*")),
                Map.of("type", "context", "elements", List.of(Map.of("type", "mrkdwn",
                        "text", "`" + a.event() + "` on " + a.host() + " at " + a.time())))));
    }

    static Map<String, Object> discord(Alert a) {
        var embed = new LinkedHashMap<String, Object>();
        embed.put("title", a.event() + ": " + a.subject());
        embed.put("description", a.summary());
        embed.put("color", switch (a.severity()) {
            case "critical" -> 0xD00000;
            case "warning" -> 0xF0A000;
            default -> 0x2EB886;
        });
        embed.put("timestamp", a.time().toString());
        embed.put("fields", List.of(Map.of("name", "severity", "value", a.severity(), "inline", true),
                Map.of("name", "host", "value", a.host(), "inline", true)));
        return Map.of("username", "Helix", "content", headline(a), "embeds", List.of(embed));
    }

    private static String headline(Alert a) {
        return "[Helix] " + a.severity().toUpperCase(java.util.Locale.ROOT) + ": " + a.summary();
    }
}
