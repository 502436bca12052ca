package dev.helix.providers.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.providers.upstream.Fingerprint;
import dev.helix.providers.upstream.Probe;
import dev.helix.providers.upstream.Reply;
import dev.helix.providers.upstream.ServerKind;
import dev.helix.providers.upstream.ServerProfile;
import dev.helix.providers.upstream.ServerProfiles;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each kind's fingerprints against every kind's fake: a fake matches its own kind's, and another kind's only where
 * its profile says it imitates that kind (so the fingerprint order is all that tells them apart, and it does).
 */
class FingerprintsTest {
    @AutoClose
    private static final Wire WIRE = new Wire();

    @ParameterizedTest
    @EnumSource(ServerKind.class)
    void aFakeMatchesItsOwnFingerprintsAndOnlyThoseOfKindsItImitates(ServerKind kind) {
        try (var fake = FakeUpstream.start(kind)) {
            Map<String, Reply> replies = new HashMap<>();
            Set<ServerKind> matching = EnumSet.noneOf(ServerKind.class);
            for (ServerProfile other : ServerProfiles.all()) {
                for (Fingerprint fingerprint : other.fingerprints()) {
                    boolean all = true;
                    for (Probe probe : fingerprint.probes()) {
                        Reply reply = replies.computeIfAbsent(probe.path(), path -> {
                            HttpResponse<String> answer = WIRE.get(fake.baseUri(), path);
                            return Reply.of(answer.statusCode(), answer.headers().map(), answer.body());
                        });
                        all &= probe.matches(reply);
                    }
                    if (all) {
                        matching.add(other.kind());
                    }
                }
            }
            if (!fake.profile().discoverable()) {
                assertEquals(Set.of(), matching, kind + " has no fingerprint; its fake must match no other kind's");
                return;
            }
            assertTrue(matching.contains(kind), kind + "'s fake matches none of its fingerprints");
            Set<ServerKind> allowed = EnumSet.of(kind);
            allowed.addAll(fake.profile().imitates());
            assertTrue(allowed.containsAll(matching), kind + "'s fake also matches " + matching
                    + ": an imitation the profile does not declare");
        }
    }
}
