package dev.helix.runtime.testing;

import dev.helix.runtime.Engine;
import dev.helix.runtime.ModelLoadOptions;
import org.junit.jupiter.api.Assumptions;

/**
 * The engine the tests' local models run on: {@code -Dhelix.test.engine=ffm} runs a test class against Helix's own
 * engine, else each model runs as configured (the binding by default). The modules' {@code ffm-engine} surefire
 * executions set the property and rerun every class tagged {@link #TAG}, so the suite runs on both engines without a
 * copy of any test.
 */
public final class TestEngine {
    /** The JUnit tag of a test class that loads a local model: it runs once per engine. */
    public static final String TAG = "engine";


    private TestEngine() {
    }

    /** The engine under test, or {@code configured} when no engine is chosen. */
    public static Engine engine(Engine configured) {
        String property = System.getProperty("helix.test.engine");
        if (property == null || property.isBlank()) {
            return configured;
        }
        Engine engine = Engine.parse(property);
        if (engine == null) {
            throw new IllegalArgumentException("helix.test.engine must be binding or ffm, was " + property);
        }
        return engine;
    }

    /** The engine under test ({@link Engine#BINDING}, the default, when none is chosen). */
    public static Engine engine() {
        return engine(Engine.BINDING);
    }

    /** Whether this run is the ffm engine's. */
    public static boolean ffm() {
        return engine() == Engine.FFM;
    }

    /** {@link ModelLoadOptions#DEFAULTS} on the engine under test. */
    public static ModelLoadOptions defaults() {
        return options(ModelLoadOptions.DEFAULTS);
    }

    /** The options on the engine under test. */
    public static ModelLoadOptions options(ModelLoadOptions options) {
        return options.withEngine(engine(options.engine()));
    }

    /**
     * Skips the calling test on the ffm engine, for a feature it does not have yet (its requests are refused with a
     * 400 that names engine: binding); {@code why} says which.
     */
    public static void assumeBindingFeature(String why) {
        Assumptions.assumeFalse(ffm(), () -> "not on the ffm engine yet: " + why);
    }
}
