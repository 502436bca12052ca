package dev.helix.server.reload;

import dev.helix.router.ModelRouter;
import dev.helix.router.config.ConfigException;
import dev.helix.router.config.HelixConfig;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the configuration again and hands what changed to the running router: models added, removed or changed, and
 * their aliases; providers added, removed or changed, top-level aliases and routing settings
 * ({@link dev.helix.router.upstream.Upstreams#reconfigure}). Requests in flight finish on what they started with. An
 * invalid configuration is rejected whole, its problems logged, and the one in force stays.
 */
public final class ConfigReloader {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigReloader.class);

    /** What a reload did: applied, or rejected with the problems found. */
    public record Result(boolean applied, List<String> problems, List<String> unloaded) {}

    private final Supplier<HelixConfig> load;
    private final ModelRouter router;
    private HelixConfig current;
    private Result last;

    /**
     * @param load    reads the configuration as at start (file, environment, flags); throws {@link ConfigException}
     *                or another runtime exception when it cannot be used
     * @param current the configuration the router was built from
     */
    public ConfigReloader(Supplier<HelixConfig> load, ModelRouter router, HelixConfig current) {
        this.load = load;
        this.router = router;
        this.current = current;
    }

    public synchronized Result reload() {
        HelixConfig next;
        try {
            next = load.get();
        } catch (ConfigException e) {
            last = new Result(false, e.problems().stream().map(p -> e.source() + ": " + p).toList(), List.of());
            LOG.error("configuration not reloaded, the one in force stays:\n  {}", String.join("\n  ",
                    last.problems()));
            return last;
        } catch (RuntimeException e) {
            last = new Result(false, List.of(String.valueOf(e.getMessage())), List.of());
            LOG.error("configuration not reloaded, the one in force stays: {}", e.getMessage());
            return last;
        }
        var upstreams = router.upstreams();
        if (upstreams.isPresent() && (!next.providers().equals(current.providers())
                || !next.aliases().equals(current.aliases()) || !next.routing().equals(current.routing()))) {
            try {
                upstreams.get().reconfigure(next.providers(), next.aliases(), next.routing());
            } catch (RuntimeException e) {
                last = new Result(false, List.of(String.valueOf(e.getMessage())), List.of());
                LOG.error("configuration not reloaded, the one in force stays: {}", e.getMessage());
                return last;
            }
        } else if (upstreams.isEmpty() && (!next.providers().isEmpty() || !next.aliases().isEmpty())) {
            LOG.warn("providers and aliases are served by helix serve; this server has none attached");
        }
        List<String> unloaded = router.reconfigure(next.catalog());
        upstreams.ifPresent(u -> u.refresh()); // aliases and names may name local models the new catalog has
        current = next;
        last = new Result(true, List.of(), unloaded);
        LOG.info("configuration reloaded: {} configured model(s){}", next.models().size(),
                unloaded.isEmpty() ? "" : "; unloading " + String.join(", ", unloaded) + " once idle");
        return last;
    }

    /** The last reload's result, or null before the first. */
    public synchronized Result last() {
        return last;
    }
}
