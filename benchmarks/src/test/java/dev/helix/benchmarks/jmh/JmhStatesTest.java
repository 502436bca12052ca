package dev.helix.benchmarks.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Each benchmark's state sets up, runs once and tears down: a broken benchmark fails here, not in a JMH run. */
class JmhStatesTest {
    @Test
    void routingLeasesTheLoadedModel() throws Exception {
        var b = new RoutingBenchmark();
        b.models = 3;
        b.setUp();
        try {
            assertEquals("idle:model-2", b.acquireAndRelease().id());
            assertEquals("idle:model-2", b.acquireAndReleaseTwoThreads().id());
        } finally {
            b.tearDown();
        }
    }

    @Test
    void ggufHeadersOfBothVocabularies() throws Exception {
        for (int vocabulary : new int[] {1024, 32000}) {
            var b = new GgufReadBenchmark();
            b.vocabulary = vocabulary;
            b.setUp();
            try {
                assertEquals(vocabulary, b.read().array("tokenizer.ggml.tokens").orElseThrow().length());
            } finally {
                b.tearDown();
            }
        }
    }
}
