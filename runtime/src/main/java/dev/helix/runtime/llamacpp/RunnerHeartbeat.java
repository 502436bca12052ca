package dev.helix.runtime.llamacpp;

import java.io.IOException;
import java.time.Duration;

/**
 * The runner's side of the stall watch: a daemon thread that sends {@link Frame.Heartbeat} at a fixed interval from
 * the moment the load is asked for until the server goes away. It runs apart from every request, so a long prompt
 * evaluation or a generation paused for credit never silences it; only a process that is stopped or frozen as a whole
 * stops beating, and that is what {@link StallWatch} catches on the server's side.
 */
final class RunnerHeartbeat {
    private RunnerHeartbeat() {
    }

    static void start(FrameChannel channel, Duration interval) {
        Thread.ofPlatform().daemon().name("helix-runner-heartbeat").start(() -> {
            try {
                while (true) {
                    Thread.sleep(interval);
                    channel.write(new Frame.Heartbeat());
                }
            } catch (IOException | InterruptedException e) {
                // the server went away (the parent watch halts this process) or the runner is ending
            }
        });
    }
}
