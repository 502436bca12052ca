package dev.helix.providers.discovery;

import dev.helix.providers.discovery.Identification.Nothing;
import dev.helix.providers.discovery.Identification.Why;
import dev.helix.providers.upstream.AuthHeader;
import dev.helix.providers.upstream.Fingerprint;
import dev.helix.providers.upstream.Probe;
import dev.helix.providers.upstream.Reply;
import dev.helix.providers.upstream.ServerKind;
import dev.helix.providers.upstream.ServerProfile;
import dev.helix.providers.upstream.ServerProfiles;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Decides which {@link ServerKind} answers at a base URL, and lists its models. It never trusts the port: several
 * servers share defaults (8080, 5000, 8000, 1234), so it asks each fingerprint endpoint once, all at once, and tries
 * the kinds' fingerprints in {@link ServerProfiles#fingerprintOrder()}.
 *
 * <p>Three steps, each bounded by the probe timeout whatever the server does: {@code GET /} (a refused or silent
 * server ends it there), every other fingerprint path in parallel, then the model listing (with the API key, if one
 * is given for this server; probes never carry a key).
 *
 * <p>A server that answers a path nobody has ({@link #NO_SUCH_PATH}) with 2xx is a catch-all: any of its answers
 * that is the same as that one (status and body) is no evidence, so a page or stub that says the same thing
 * everywhere is never taken for an LLM server. (An identical 401 everywhere is ordinary auth, and still counts.)
 */
public final class Fingerprinter {
    /** A path no server has. */
    static final String NO_SUCH_PATH = "/helix-discovery/no-such-path";

    private final ProbeClient probes;
    private final Duration probeTimeout;
    private final Clock clock;
    private final List<String> paths;

    /**
     * @param client              the HTTP client (its connect timeout applies); owned by the caller
     * @param probeTimeout        the time for each of the three steps
     * @param maxConcurrentProbes probes in flight at once, across all identifications
     */
    public Fingerprinter(HttpClient client, Duration probeTimeout, int maxConcurrentProbes, Clock clock) {
        this.probes = new ProbeClient(Objects.requireNonNull(client, "client"), maxConcurrentProbes);
        this.probeTimeout = Objects.requireNonNull(probeTimeout, "probeTimeout");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (probeTimeout.isNegative() || probeTimeout.isZero()) {
            throw new IllegalArgumentException("probeTimeout must be positive");
        }
        var all = new LinkedHashSet<String>();
        for (ServerKind kind : ServerProfiles.fingerprintOrder()) {
            ServerProfiles.of(kind).fingerprints().forEach(f -> f.probes().forEach(p -> all.add(p.path())));
        }
        all.remove("/");
        all.add(NO_SUCH_PATH);
        this.paths = List.copyOf(all);
    }

    /** The longest one identification takes. */
    public Duration budget() {
        return probeTimeout.multipliedBy(3);
    }

    public Identification identify(URI baseUrl) {
        return identify(baseUrl, Optional.empty());
    }

    /** Probes {@code baseUrl} ({@code http://host:port}); {@code apiKey} is used for the model listing only. */
    public Identification identify(URI baseUrl, Optional<String> apiKey) {
        URI base = baseUrl.resolve("/");
        Map<String, Fetched> replies = new ConcurrentHashMap<>();
        Fetched opener = probes.get(base, "/", Map.of(), deadline());
        replies.put("/", opener);
        if (opener instanceof Fetched.Failed(Fetched.Failure failure, String detail)) {
            return new Nothing(base, switch (failure) {
                case REFUSED -> Why.REFUSED;
                case TIMED_OUT -> Why.TIMED_OUT;
                case BROKEN -> Why.UNRECOGNISED;
            }, detail);
        }
        long deadline = deadline();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            paths.forEach(path -> threads.submit(() -> replies.put(path, probes.get(base, path, Map.of(), deadline))));
        }
        for (ServerKind kind : ServerProfiles.fingerprintOrder()) {
            for (Fingerprint fingerprint : ServerProfiles.of(kind).fingerprints()) {
                if (matches(fingerprint, replies)) {
                    return found(base, ServerProfiles.of(kind), fingerprint, replies, apiKey);
                }
            }
        }
        boolean silent = replies.values().stream().allMatch(f -> f instanceof Fetched.Failed);
        return new Nothing(base, silent ? Why.TIMED_OUT : Why.UNRECOGNISED, "no fingerprint matched");
    }

    private Identification found(URI base, ServerProfile profile, Fingerprint fingerprint,
                                 Map<String, Fetched> replies, Optional<String> apiKey) {
        long deadline = deadline();
        Function<String, Fetched> fetch = apiKey.isPresent() && profile.auth().acceptsKey()
                ? path -> probes.get(base, path, keyHeader(profile, apiKey.get()), deadline)
                : path -> replies.computeIfAbsent(path, p -> probes.get(base, p, Map.of(), deadline));
        ModelListing.Result listing = ModelListing.read(profile, fetch);
        return new Identification.Found(new DiscoveredServer(profile.kind(), base, listing.models(),
                listing.needsKey(), fingerprint.describe(), clock.instant()));
    }

    private static boolean matches(Fingerprint fingerprint, Map<String, Fetched> replies) {
        Optional<Reply> catchAll = replies.get(NO_SUCH_PATH) instanceof Fetched.Answered(Reply reply) && reply.ok()
                ? Optional.of(reply) : Optional.empty();
        for (Probe probe : fingerprint.probes()) {
            if (!(replies.get(probe.path()) instanceof Fetched.Answered(Reply reply)) || !probe.matches(reply)
                    || catchAll.filter(c -> c.status() == reply.status() && c.body().equals(reply.body())).isPresent()) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, String> keyHeader(ServerProfile profile, String key) {
        AuthHeader header = profile.auth().headers().getFirst();
        return Map.of(header.header(), header.value(key));
    }

    private long deadline() {
        return System.nanoTime() + probeTimeout.toNanos();
    }
}
