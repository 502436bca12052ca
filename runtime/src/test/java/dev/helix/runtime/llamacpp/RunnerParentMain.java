package dev.helix.runtime.llamacpp;

import dev.helix.runtime.testing.TestEngine;
import java.nio.file.Path;

/** A stand-in server process for {@link RunnerLifecycleTest}: starts a runner, reports its pid, waits to be killed. */
public final class RunnerParentMain {
    private RunnerParentMain() {}

    public static void main(String[] args) throws InterruptedException {
        var provider = RunnerProvider.start("tiny", Path.of(args[0]), TestEngine.defaults().withContextSize(128),
                RunnerSettings.defaults());
        System.out.println("runner pid " + provider.pid());
        System.out.flush();
        Thread.sleep(120_000);
        System.exit(0);
    }
}
