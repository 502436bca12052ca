package dev.helix.runtime.llamacpp;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The entry point of a runner process: {@code java -cp <helix classpath> dev.helix.runtime.llamacpp.RunnerMain
 * <socket>}. It connects to the server's socket, loads the one model the server names, serves it until the
 * server goes away, and then halts: it watches its standard input, which only the server holds, so a runner
 * never outlives its server, however that server ends. It halts rather than exits because the binding leaves a
 * non-daemon native thread behind and its native memory is only returned by ending the process.
 */
public final class RunnerMain {
    private RunnerMain() {}

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: RunnerMain <unix socket path>  (started by the Helix server, not by hand)");
            Runtime.getRuntime().halt(2);
        }
        Path folder = Path.of(args[0]).getParent();
        watchParent(folder);
        int status;
        try (var channel = new FrameChannel(SocketChannel.open(UnixDomainSocketAddress.of(Path.of(args[0]))))) {
            status = serve(channel);
        } catch (IOException | RuntimeException e) {
            System.err.println("runner: " + e);
            status = 1;
        }
        System.err.flush();
        halt(folder, status);
    }

    /** Removes the runner's folder (a killed server cannot) and halts. */
    private static void halt(Path folder, int status) {
        if (folder != null) {
            RunnerDirectories.delete(folder);
        }
        Runtime.getRuntime().halt(status);
    }

    private static int serve(FrameChannel channel) throws IOException {
        if (!(channel.read() instanceof Frame.Load load)) {
            channel.write(new Frame.LoadFailed("protocol error: the first frame must be a load"));
            return 2;
        }
        RunnerHeartbeat.start(channel, Duration.ofMillis(Math.max(1, load.heartbeatMillis())));
        LlamaCppProvider provider;
        try {
            provider = LlamaCppProvider.load(load.name(), Path.of(load.path()), load.options(),
                    Duration.ofMillis(load.queueTimeoutMillis()), true);
        } catch (RuntimeException e) {
            channel.write(new Frame.LoadFailed(e.getMessage()));
            return 1;
        }
        channel.write(new Frame.Ready(provider.slotContext(), provider.parallel(), provider.threads(), ProcessHandle.current().pid()));
        new RunnerServer(provider, channel).serve();
        return 0;
    }

    /**
     * Halts when standard input reaches its end: the server closed it or died. The runner's folder goes first: a
     * server that was killed cannot remove it.
     */
    private static void watchParent(Path directory) {
        Thread.ofPlatform().daemon().name("helix-runner-parent-watch").start(() -> {
            try {
                while (System.in.read() >= 0) {
                    // the server never writes here; any bytes are ignored
                }
            } catch (IOException ignored) {
                // a broken pipe means the same as end of input
            }
            halt(directory, 0);
        });
    }
}
