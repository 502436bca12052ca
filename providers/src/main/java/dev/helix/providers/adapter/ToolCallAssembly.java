package dev.helix.providers.adapter;

import dev.helix.provider.Chunk;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Tool calls as OpenAI streams them (fragments per index: id and name first, then pieces of the arguments string),
 * put back together into whole {@link Chunk.ToolCall}s numbered from 0 in index order.
 */
final class ToolCallAssembly {
    private static final class Call {
        String id;
        String name;
        final StringBuilder arguments = new StringBuilder();
    }

    private final Map<Integer, Call> calls = new TreeMap<>();

    void add(int index, String id, String name, String arguments) {
        Call call = calls.computeIfAbsent(index, i -> new Call());
        if (id != null && !id.isEmpty()) {
            call.id = id;
        }
        if (name != null && !name.isEmpty()) {
            call.name = name;
        }
        if (arguments != null) {
            call.arguments.append(arguments);
        }
    }

    boolean isEmpty() {
        return calls.isEmpty();
    }

    /** The whole calls; a call without an id gets one, arguments default to {@code {}}. */
    List<Chunk.ToolCall> calls() {
        var out = new ArrayList<Chunk.ToolCall>();
        int index = 0;
        for (Call call : calls.values()) {
            if (call.name == null) {
                continue;
            }
            String id = call.id != null ? call.id : "call_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
            String arguments = call.arguments.isEmpty() ? "{}" : call.arguments.toString();
            out.add(new Chunk.ToolCall(index++, id, call.name, arguments));
        }
        return out;
    }
}
