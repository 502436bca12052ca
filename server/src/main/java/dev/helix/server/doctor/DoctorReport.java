package dev.helix.server.doctor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;

/** The doctor's checks as a person reads them (a line each, the fix under it) and as JSON. */
public final class DoctorReport {
    private static final int NAME_WIDTH = 15;

    private DoctorReport() {}

    /** {@code ok    java           Java 25 ...}, and {@code       fix: ...} under a check that is not ok. */
    public static String text(Check check) {
        String line = String.format("%-5s %-" + NAME_WIDTH + "s %s%n", check.status().label(), check.name(),
                check.detail());
        return check.fix() == null ? line : line + " ".repeat(6) + "fix: " + check.fix() + System.lineSeparator();
    }

    /** One line after the checks: how many of each, which decides the exit status. */
    public static String summary(List<Check> checks) {
        long fails = checks.stream().filter(c -> c.status() == Check.Status.FAIL).count();
        long warns = checks.stream().filter(c -> c.status() == Check.Status.WARN).count();
        return fails == 0 && warns == 0 ? "all " + checks.size() + " checks ok"
                : checks.size() + " checks: " + fails + " failed, " + warns + " with warnings";
    }

    /** An array of {@code {"name", "status", "detail", "fix"}}; {@code fix} is left out of an ok check. */
    public static String json(List<Check> checks) {
        var json = new ObjectMapper();
        ArrayNode array = json.createArrayNode();
        for (Check c : checks) {
            var node = array.addObject().put("name", c.name()).put("status", c.status().label())
                    .put("detail", c.detail());
            if (c.fix() != null) {
                node.put("fix", c.fix());
            }
        }
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(array);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static boolean anyFailed(List<Check> checks) {
        return checks.stream().anyMatch(c -> c.status() == Check.Status.FAIL);
    }
}
