package dev.helix.providers.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.provider.ChunkStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Two upstreams behind one name; 200 requests each, and each strategy's split is what it promises. */
class StrategyTest {
    private final Backends fixture = new Backends();
    private final ScriptedProvider a = new ScriptedProvider("a", ScriptedProvider.answer("x"));
    private final ScriptedProvider b = new ScriptedProvider("b", ScriptedProvider.answer("x"));

    @Test
    void roundRobinSplitsWithinOne() {
        var group = fixture.group(new Strategy.RoundRobin(), RetryPolicy.NONE,
                new Target(fixture.backend(a), "ma"), new Target(fixture.backend(b), "mb"));
        Map<String, Integer> split = run(group, 200);
        assertTrue(Math.abs(split.get("a") - split.get("b")) <= 1, split.toString());
    }

    @Test
    void weightedFollowsTheWeightsExactlyOverWholeRounds() {
        var group = fixture.group(new Strategy.Weighted(), RetryPolicy.NONE,
                new Target(fixture.backend(a, 100, 3, 0), "ma"), new Target(fixture.backend(b, 100, 1, 0), "mb"));
        Map<String, Integer> split = run(group, 200);
        assertEquals(150, split.get("a"), split.toString());
        assertEquals(50, split.get("b"), split.toString());
    }

    @Test
    void priorityAlwaysTakesTheFirstWhileItServes() {
        var group = fixture.group(new Strategy.Priority(), RetryPolicy.NONE,
                new Target(fixture.backend(b, 10, 1, 0), "mb"), new Target(fixture.backend(a, 0, 1, 0), "ma"));
        assertEquals(Map.of("a", 200), run(group, 200));
    }

    @Test
    void leastBusyNeverSendsToASaturatedBackend() {
        Backend busy = fixture.backend(a, 100, 1, 2);
        Backend free = fixture.backend(b, 100, 1, 0);
        var group = fixture.group(new Strategy.LeastBusy(), RetryPolicy.NONE, new Target(busy, "ma"),
                new Target(free, "mb"));
        var held = new ArrayList<ChunkStream>();
        for (int i = 0; i < 2; i++) {
            ChunkStream stream = group.chat(Backends.chat());
            held.add(stream); // left open: in flight
        }
        assertEquals(1, busy.inFlight());
        assertEquals(1, free.inFlight());
        held.add(group.chat(Backends.chat()));
        assertEquals(2, busy.inFlight(), "it has room for two");
        for (int i = 0; i < 200; i++) {
            group.chat(Backends.chat()).collect();
        }
        assertEquals(2, busy.inFlight());
        assertEquals(2, a.asked().size(), "the saturated backend got nothing more: " + a.asked().size());
        assertEquals(201, b.asked().size());
        held.forEach(ChunkStream::close);
        assertEquals(0, busy.inFlight() + free.inFlight(), "closing gives the in-flight counts back");
    }

    @Test
    void lowestLatencyPrefersTheFasterOnceBothAreMeasured() {
        Backend slow = fixture.backend(a);
        Backend fast = fixture.backend(b);
        slow.firstChunkAfter(50_000_000);
        fast.firstChunkAfter(5_000_000);
        var group = fixture.group(new Strategy.LowestLatency(), RetryPolicy.NONE, new Target(slow, "ma"),
                new Target(fast, "mb"));
        assertEquals(Map.of("b", 200), run(group, 200));
    }

    @Test
    void unknownStrategyNamesAreRefusedWithTheChoices() {
        var error = assertThrows(IllegalArgumentException.class, () -> Strategy.named("random"));
        assertTrue(error.getMessage().contains("round-robin"), error.getMessage());
        assertTrue(Strategy.named("least_busy") instanceof Strategy.LeastBusy);
    }

    private Map<String, Integer> run(BackendGroup group, int requests) {
        int before = a.asked().size() + b.asked().size();
        for (int i = 0; i < requests; i++) {
            group.chat(Backends.chat()).collect();
        }
        Map<String, Integer> split = new HashMap<>();
        if (!a.asked().isEmpty()) {
            split.put("a", a.asked().size());
        }
        if (!b.asked().isEmpty()) {
            split.put("b", b.asked().size());
        }
        assertEquals(before + requests, a.asked().size() + b.asked().size(), "one try each");
        return split;
    }
}
