package dev.helix.server.openai;

import dev.helix.server.Reply;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The output items of recent responses, by id, so that a later request may name them with {@code item_reference}
 * instead of repeating them (what the Vercel AI SDK sends by default for earlier assistant turns). Only items of
 * responses whose request did not say {@code store: false} are kept; in memory only, least recently used out first,
 * bounded by item count and by characters, so a client that refers to an item long gone gets a clear 400.
 */
final class ItemStore {
    private final int maxItems;
    private final long maxChars;
    private final LinkedHashMap<String, Reply.Part> items = new LinkedHashMap<>(16, 0.75f, true);
    private long chars;

    ItemStore(int maxItems, long maxChars) {
        this.maxItems = maxItems;
        this.maxChars = maxChars;
    }

    synchronized void put(String id, Reply.Part part) {
        Reply.Part old = items.put(id, part);
        chars += size(part) - (old == null ? 0 : size(old));
        var eldest = items.entrySet().iterator();
        while ((items.size() > maxItems || chars > maxChars) && eldest.hasNext()) {
            Map.Entry<String, Reply.Part> e = eldest.next();
            chars -= size(e.getValue());
            eldest.remove();
        }
    }

    synchronized Optional<Reply.Part> find(String id) {
        return Optional.ofNullable(items.get(id));
    }

    synchronized int size() {
        return items.size();
    }

    private static long size(Reply.Part part) {
        return switch (part) {
            case Reply.Part.Text t -> t.text().length();
            case Reply.Part.Reasoning r -> r.text().length();
            case Reply.Part.Call c -> c.call().arguments().length() + c.call().name().length() + c.call().id().length();
        };
    }
}
