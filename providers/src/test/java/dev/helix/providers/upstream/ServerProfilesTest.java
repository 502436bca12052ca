package dev.helix.providers.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The invariants of the profile table: what must hold for the data to be usable, whatever a server's row says. */
class ServerProfilesTest {

    @Test
    void everyKindHasAProfileAndEveryDiscoverableOneAPlaceInTheFingerprintOrder() {
        assertEquals(ServerKind.values().length, ServerProfiles.all().size());
        for (ServerKind kind : ServerKind.values()) {
            assertEquals(kind, ServerProfiles.of(kind).kind());
        }
        Set<ServerKind> discoverable = ServerProfiles.all().stream().filter(ServerProfile::discoverable)
                .map(ServerProfile::kind).collect(Collectors.toSet());
        assertEquals(discoverable, EnumSet.copyOf(ServerProfiles.fingerprintOrder()));
        assertEquals(discoverable.size(), ServerProfiles.fingerprintOrder().size(), "each kind once");
        assertEquals(EnumSet.complementOf(EnumSet.of(ServerKind.OPENAI_COMPATIBLE)), discoverable);
    }

    @Test
    void anyOtherOpenAiServerHasOnlyWhatOpenAisApiPromisesAndIsNeverDiscovered() {
        ServerProfile generic = ServerProfiles.of(ServerKind.OPENAI_COMPATIBLE);
        assertFalse(generic.discoverable());
        assertEquals(List.of(), generic.defaultPorts(), "no port of its own to scan");
        assertEquals("/v1", generic.basePath());
        assertEquals(new Probe("/v1/models", new Answer.Status(200)), generic.health());
        assertEquals(ListingFormat.OPENAI_MODELS, generic.listing());
        assertEquals(List.of(AuthHeader.BEARER), generic.auth().headers());
        assertFalse(generic.auth().required());
        assertEquals(ErrorShape.OPENAI_OBJECT, generic.errorShape(Dialect.OPENAI));
        assertEquals(StreamShape.OPENAI, generic.streaming());
        assertEquals(List.of(Dialect.OPENAI), generic.dialects());
    }

    @Test
    void aServerThatImitatesAnotherIsFingerprintedBeforeIt() {
        List<ServerKind> order = ServerProfiles.fingerprintOrder();
        for (ServerProfile profile : ServerProfiles.all()) {
            for (ServerKind imitated : profile.imitates()) {
                assertTrue(order.indexOf(profile.kind()) < order.indexOf(imitated),
                        profile.kind() + " answers " + imitated + "'s endpoints, so it must be tried first");
            }
        }
    }

    @Test
    void theSharedDefaultPortsAreTheOnesTheReferenceNames() {
        Map<Integer, Set<ServerKind>> byPort = new HashMap<>();
        ServerProfiles.all().forEach(p -> p.defaultPorts().forEach(port ->
                byPort.computeIfAbsent(port, x -> EnumSet.noneOf(ServerKind.class)).add(p.kind())));
        assertEquals(EnumSet.of(ServerKind.LOCALAI, ServerKind.MLX, ServerKind.LLAMA_SERVER, ServerKind.MISTRALRS),
                byPort.get(8080));
        assertEquals(EnumSet.of(ServerKind.TEXT_GENERATION_WEBUI, ServerKind.TABBYAPI, ServerKind.KOBOLDCPP),
                byPort.get(5000));
        assertEquals(EnumSet.of(ServerKind.VLLM, ServerKind.FASTCHAT), byPort.get(8000));
        assertEquals(EnumSet.of(ServerKind.LM_STUDIO, ServerKind.MISTRALRS), byPort.get(1234));
        assertEquals(EnumSet.of(ServerKind.OLLAMA, ServerKind.HELIX), byPort.get(11434));
        assertTrue(ServerProfiles.defaultPorts().containsAll(List.of(11434, 8000, 8080, 5000, 1234, 1337, 5001, 4891)));
    }

    /**
     * A server that answers every path with a 404 page, an empty 200, an HTML page or an error is no LLM server by any
     * fingerprint. (One that answers every path with the same JSON is caught by the Fingerprinter's catch-all rule.)
     */
    @Test
    void noFingerprintMatchesAServerThatAnswersEveryPathWithAPageOrAnError() {
        List<Reply> uniform = List.of(Reply.of(404, Map.of(), "404 page not found"), Reply.of(200, Map.of(), ""),
                Reply.of(200, Map.of(), "{}"), Reply.of(200, Map.of(), "<html><body>hello</body></html>"),
                Reply.of(401, Map.of(), ""), Reply.of(500, Map.of(), "{\"error\":\"boom\"}"));
        for (ServerProfile profile : ServerProfiles.all()) {
            for (Fingerprint fingerprint : profile.fingerprints()) {
                for (Reply reply : uniform) {
                    assertFalse(fingerprint.probes().stream().allMatch(p -> p.matches(reply)),
                            profile.kind() + " would claim a server answering every path with " + reply.status() + " "
                                    + reply.body() + ": " + fingerprint.describe());
                }
            }
        }
    }

    @Test
    void anOwnedByFingerprintStandingAloneNamesAValueNoOtherKindUses() {
        Map<String, Set<ServerKind>> owners = new HashMap<>();
        ServerProfiles.all().forEach(p -> p.ownedBy().forEach(o ->
                owners.computeIfAbsent(o, x -> new HashSet<>()).add(p.kind())));
        for (ServerProfile profile : ServerProfiles.all()) {
            for (Fingerprint fingerprint : profile.fingerprints()) {
                if (fingerprint.probes().size() == 1
                        && fingerprint.probes().getFirst().answer() instanceof Answer.AllOf all
                        && all.all().stream().anyMatch(a -> a instanceof Answer.SomeEntry e && e.field().equals("owned_by"))) {
                    String value = all.all().stream().filter(a -> a instanceof Answer.SomeEntry)
                            .map(a -> ((Answer.SomeEntry) a).value()).findFirst().orElseThrow();
                    assertEquals(Set.of(profile.kind()), owners.get(value), value + " is not " + profile.kind() + "'s alone");
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ServerKind.class)
    void aProfileIsConsistentWithItself(ServerKind kind) {
        ServerProfile profile = ServerProfiles.of(kind);
        assertEquals(!profile.streams(), profile.unsupportedFields().contains("stream"),
                "a server that does not stream lists stream as unsupported, and only then");
        assertTrue(profile.modelsPath().startsWith("/"));
        assertTrue(profile.auth().openPaths().stream().allMatch(p -> p.startsWith("/")));
        if (profile.auth().required()) {
            assertTrue(profile.auth().acceptsKey());
        }
        if (profile.speaks(Dialect.OLLAMA)) {
            assertEquals(ErrorShape.ERROR_STRING, profile.errorShape(Dialect.OLLAMA), "Ollama's API: {\"error\":\"...\"}");
        }
        if (profile.listing() == ListingFormat.OLLAMA_TAGS) {
            assertTrue(profile.speaks(Dialect.OLLAMA));
        }
        assertFalse(profile.source().isBlank(), "where the facts come from");
    }

    @Test
    void theGapsTheReferenceNamesAreRecorded() {
        assertTrue(ServerProfiles.of(ServerKind.OLLAMA).unsupportedFields().containsAll(Set.of("tool_choice", "logit_bias", "n")));
        assertTrue(ServerProfiles.of(ServerKind.GPT4ALL).unsupportedFields().containsAll(Set.of("tools", "stream")));
        assertTrue(ServerProfiles.of(ServerKind.FASTCHAT).unsupportedFields().contains("tools"));
        assertFalse(ServerProfiles.of(ServerKind.GPT4ALL).streams());
        assertEquals(ErrorShape.FASTCHAT_FLAT, ServerProfiles.of(ServerKind.FASTCHAT).errorShape(Dialect.OPENAI));
        assertTrue(ServerProfiles.of(ServerKind.JAN).auth().required());
        assertEquals(StreamShape.Usage.FINISH_CHUNK, ServerProfiles.of(ServerKind.LLAMA_SERVER).streaming().usage());
    }

    @Test
    void whatIsRefusedIsTheDialectsGapsAndOnOpenAisApiTheServersOwn() {
        ServerProfile ollama = ServerProfiles.of(ServerKind.OLLAMA);
        assertTrue(ollama.refuses(Dialect.OPENAI).containsAll(Set.of("tool_choice", "logit_bias", "n")));
        assertEquals(Set.of("tool_choice", "logit_bias"), ollama.refuses(Dialect.OLLAMA));
        ServerProfile kobold = ServerProfiles.of(ServerKind.KOBOLDCPP);
        assertEquals(Set.of(), kobold.refuses(Dialect.OPENAI), "KoboldCpp's /v1 takes tools");
        assertTrue(kobold.refuses(Dialect.KOBOLD_NATIVE).containsAll(Set.of("tools", "response_format", "logit_bias")));
    }

    @Test
    void kindsThatReadAKeyFromXApiKeySayWhichHeaderTheyPrefer() {
        Set<ServerKind> xApiKey = ServerProfiles.all().stream()
                .filter(p -> p.auth().headers().contains(AuthHeader.X_API_KEY)).map(ServerProfile::kind)
                .collect(Collectors.toSet());
        assertEquals(Set.of(ServerKind.LOCALAI, ServerKind.TABBYAPI), xApiKey);
        assertEquals("X-API-Key", AuthHeader.X_API_KEY.header());
        assertEquals("Bearer k", AuthHeader.BEARER.value("k"));
    }
}
