package dev.helix.runtime.ffm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.provider.Chunk;
import dev.helix.provider.GenerationOptions;
import dev.helix.provider.ProviderFailedException;
import dev.helix.runtime.testing.TestModels;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Unloading a model while other threads are calling into it: the native model is freed only after the calls in
 * flight return, and every later call fails with "the model was unloaded" instead of reading freed memory (which
 * would end this test's JVM).
 */
@Timeout(120)
class UnloadRaceTest {

    @Test
    void closeWaitsForAUseInFlightAndLaterUsesAreRefused() throws Exception {
        var use = new NativeUse();
        var freed = new AtomicBoolean();
        var held = use.enter();
        Thread closer = Thread.ofPlatform().start(() -> use.close(() -> freed.set(true)));
        while (closer.getState() != Thread.State.WAITING) { // parked on the lock the held use keeps
            assertTrue(closer.isAlive(), "close returned while a use was held");
            Thread.onSpinWait();
        }
        assertFalse(freed.get(), "freed while a call was still using it");
        held.close();
        closer.join(TimeUnit.SECONDS.toMillis(60));
        assertTrue(freed.get());
        var refused = org.junit.jupiter.api.Assertions.assertThrows(ProviderFailedException.class, use::enter);
        assertEquals("the model was unloaded", refused.getMessage());
        use.close(() -> {
            throw new AssertionError("freed twice");
        });
    }

    @Test
    void threadsCallingIntoAModelAsItIsUnloadedGetResultsOrTheUnloadedError() throws Exception {
        FfmModel model = FfmModel.load(BundledLibrary.get(), FfmModelTest.settings(TestModels.tiny(), 2));
        int threads = 4;
        var started = new CountDownLatch(threads);
        var calls = new AtomicInteger();
        List<Throwable> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int kind = i;
            workers.add(Thread.ofPlatform().start(() -> {
                boolean first = true;
                try {
                    while (true) {
                        call(model, kind);
                        calls.incrementAndGet();
                        if (first) {
                            started.countDown();
                            first = false;
                        }
                    }
                } catch (ProviderFailedException e) {
                    if (first) {
                        started.countDown();
                    }
                    if (!e.getMessage().equals("the model was unloaded")) {
                        unexpected.add(e);
                    }
                } catch (Throwable t) {
                    started.countDown();
                    unexpected.add(t);
                }
            }));
        }
        assertTrue(started.await(60, TimeUnit.SECONDS), "every thread made a call");
        model.close();
        for (Thread w : workers) {
            w.join(TimeUnit.SECONDS.toMillis(60));
            assertFalse(w.isAlive(), () -> "a call after the unload hung: " + java.util.Arrays.toString(w.getStackTrace()));
        }
        assertTrue(unexpected.isEmpty(), () -> "unexpected: " + unexpected);
        assertTrue(calls.get() >= threads, "each thread got a result before the unload");
    }

    /** One call of each kind an API request makes outside the decode loop, or a short generation. */
    private static void call(FfmModel model, int kind) {
        switch (kind) {
            case 0 -> assertEquals("hello world", model.detokenize(model.tokenize("hello world", false, false))
                    .strip());
            case 1 -> assertTrue(model.applyTemplate(List.of(new FfmModel.Message("user", "Hi")), true)
                    .contains("Hi"));
            case 2 -> assertTrue(model.piece(model.tokenize("cat", false, false)[0], false).length > 0);
            default -> {
                try (FfmStream stream = model.generate(model.tokenize("Once", true, true),
                        GenerationOptions.DEFAULTS.withTemperature(0.0), 4, null)) {
                    Chunk c;
                    do {
                        c = stream.next();
                    } while (!(c instanceof Chunk.Done));
                }
            }
        }
    }
}
