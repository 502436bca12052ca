package dev.helix.runtime.llamacpp;

import dev.helix.provider.ChatRequest;
import dev.helix.provider.Chunk;
import dev.helix.provider.ChunkStream;
import dev.helix.provider.CompletionRequest;
import dev.helix.provider.EmbeddingRequest;
import dev.helix.provider.Embeddings;
import dev.helix.provider.Health;
import dev.helix.provider.ModelInfo;
import dev.helix.provider.InvalidRequestException;
import dev.helix.provider.ModelLoadException;
import dev.helix.runtime.ModelLoadOptions;
import dev.helix.provider.ModelNotFoundException;
import dev.helix.provider.Provider;
import dev.helix.provider.ProviderBusyException;
import dev.helix.provider.ProviderException;
import dev.helix.provider.ProviderFailedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A GGUF model served by llama.cpp in its own runner process. Closing it ends the process, which is the only way
 * the binding's native memory is returned; a crash of the process fails the requests in flight with the reason
 * and turns {@link #health()} DOWN, so the router starts a new runner for the next request.
 */
public final class RunnerProvider implements Provider {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RunnerProvider.class);
    private final String name;
    private final RunnerProcess process;
    private final Frame.Ready ready;
    private final Map<Long, RemoteStream> streams = new ConcurrentHashMap<>();
    private final Map<Long, PendingCall> calls = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final RunnerSettings settings;
    private final StallWatch watch;
    private volatile String death;
    private final java.util.concurrent.CompletableFuture<String> died = new java.util.concurrent.CompletableFuture<>();
    /** Set once the stall watch gave up on the runner: why, for every request it fails. */
    private volatile String stalled;
    private final java.util.concurrent.atomic.AtomicInteger looks = new java.util.concurrent.atomic.AtomicInteger();

    private RunnerProvider(String name, RunnerProcess process, Frame.Ready ready, RunnerSettings settings) {
        this.name = name;
        this.process = process;
        this.ready = ready;
        this.settings = settings;
        this.watch = new StallWatch(settings.stallTimeout(), settings.clock());
    }

    /**
     * Starts a runner and loads the model in it; returns when the model can serve.
     *
     * @throws ModelLoadException with the runner's own reason when the file is missing, the load fails or the
     *                            runner dies while loading
     */
    public static RunnerProvider start(String name, Path file, ModelLoadOptions options, RunnerSettings settings) {
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException("model file not found: " + file, null);
        }
        RunnerProcess process = RunnerProcess.start(name, settings);
        try {
            process.channel().write(new Frame.Load(name, file.toAbsolutePath().toString(), options,
                    settings.queueTimeout().toMillis(), settings.heartbeatInterval().toMillis()));
            Frame answer = RunnerLoad.await(process, settings);
            switch (answer) {
                case Frame.Ready ready -> {
                    var provider = new RunnerProvider(name, process, ready, settings);
                    Thread.ofPlatform().daemon().name("helix-runner-read-" + name).start(provider::readLoop);
                    Thread.ofVirtual().name("helix-runner-watch-" + name).start(provider::watch);
                    return provider;
                }
                case Frame.LoadFailed failed ->
                        throw new ModelLoadException(explained(failed.message(), process), null);
                default -> throw new ModelLoadException("runner protocol error: got " + answer, null);
            }
        } catch (RunnerLoad.Silent e) {
            process.stop();
            throw new ModelLoadException("the runner for " + name + " " + e.getMessage() + " while loading " + file, e);
        } catch (IOException e) {
            String why = process.exitDescription();
            process.stop();
            throw new ModelLoadException("the runner for " + name + " failed while loading " + file + ": " + why, e);
        } catch (RuntimeException e) {
            process.stop();
            throw e;
        }
    }

    /** A failed load's message with what the runner printed about it, when it printed an error the message lacks. */
    private static String explained(String message, RunnerProcess process) {
        String said = process.lastErrorAfterExit();
        return said.isEmpty() || message.contains(said) ? message : message + " (" + said + ")";
    }

    private void readLoop() {
        try {
            while (true) {
                Frame frame = process.channel().read();
                watch.heard();
                switch (frame) {
                    case Frame.Heartbeat beat -> {
                        // alive: heard() above is all it is for
                    }
                    case Frame.Token t -> deliver(t.id(), new Chunk.Token(t.text(), t.logprobs()));
                    case Frame.Reasoning r -> deliver(r.id(), new Chunk.Reasoning(r.text()));
                    case Frame.ToolCall c -> deliver(c.id(), new Chunk.ToolCall(c.index(), c.callId(), c.name(),
                            c.arguments()));
                    case Frame.Done d -> deliver(d.id(), new Chunk.Done(d.reason(), d.usage(), d.timings()));
                    case Frame.EmbedResult r -> answer(r.id(), r);
                    case Frame.Tokens r -> answer(r.id(), r);
                    case Frame.Text r -> answer(r.id(), r);
                    case Frame.Failed f -> fail(f.id(), FailedFrames.toException(f));
                    case Frame other -> throw new IOException("unexpected frame from the runner: " + other);
                }
            }
        } catch (IOException | RuntimeException e) {
            String why = stalled != null ? stalled
                    : death != null ? death // close() found the runner dead and said how
                    : closed.get() ? "model " + name + " was unloaded"
                    : "the runner for model " + name + " " + process.exitDescription();
            death = why;
            if (!closed.get()) {
                died.complete(why);
            }
            var error = new ProviderFailedException(why);
            streams.values().forEach(s -> s.fail(error));
            streams.clear();
            calls.values().forEach(f -> f.completeExceptionally(error));
            calls.clear();
        }
    }

    /**
     * The stall watch: a runner silent for longer than the stall timeout (stopped with SIGSTOP, frozen, starved
     * for a minute) has its requests failed and is killed. Requests it had not answered at all get 503 with
     * Retry-After (the next request starts a new runner, so trying again works); those it was answering get the
     * same reason as a failure. The health turns DOWN, so the router replaces the runner on the next request.
     */
    private void watch() {
        long period = settings.heartbeatInterval().toNanos();
        long looked = System.nanoTime();
        while (!closed.get() && death == null) {
            try {
                Thread.sleep(java.time.Duration.ofNanos(period));
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            boolean stalledNow = watch.check(now - looked);
            looked = now;
            if (stalledNow && !closed.get() && death == null) {
                stall();
                return;
            }
            expireQueued();
            looks.incrementAndGet();
        }
    }

    /**
     * While the runner is silent for longer than the queue timeout (but not yet the stall timeout), requests it has
     * not answered and that have waited longer than the queue timeout get 503, as they would from the runner's own
     * queue if it could still run it. A stream's consumer then cancels it in the runner as for any failure; an answer
     * to a call that comes later is dropped.
     */
    private void expireQueued() {
        long queue = settings.queueTimeout().toNanos();
        if (watch.silence().toNanos() <= queue) {
            return; // the runner speaks: its own queue keeps the timeout
        }
        long now = settings.clock().getAsLong();
        String why = "the runner for model " + name + " has answered nothing for " + watch.silence().toSeconds()
                + " s and this request waited longer than queue_timeout (" + settings.queueTimeout().toSeconds()
                + " s)";
        streams.values().stream().filter(s -> !s.answered() && now - s.sentAt() > queue)
                .forEach(s -> s.expire(busy(why)));
        for (var entry : List.copyOf(calls.entrySet())) {
            if (now - entry.getValue().sentAt > queue && calls.remove(entry.getKey(), entry.getValue())) {
                entry.getValue().completeExceptionally(busy(why));
            }
        }
    }

    /** Looks the stall watch has taken; for tests. */
    int looks() {
        return looks.get();
    }

    private void stall() {
        String why = "the runner for model " + name + " (pid " + ready.pid() + ") stopped answering: no token or "
                + "heartbeat for " + watch.silence().toSeconds() + " s (runner_stall_timeout "
                + settings.stallTimeout().toSeconds() + " s); it was killed and restarts with the next request";
        stalled = why;
        death = why;
        LOG.warn(why);
        for (Long id : List.copyOf(streams.keySet())) {
            RemoteStream stream = streams.remove(id);
            if (stream != null) {
                stream.fail(stream.answered() ? new ProviderFailedException(why) : busy(why));
            }
        }
        for (Long id : List.copyOf(calls.keySet())) {
            var future = calls.remove(id);
            if (future != null) {
                future.completeExceptionally(busy(why));
            }
        }
        process.kill();
    }

    private static ProviderBusyException busy(String why) {
        return new ProviderBusyException(why + "; try again", Duration.ofSeconds(1));
    }

    /** The stall watch's last reading of the runner; for tests. */
    long heardAt() {
        return watch.heardAt();
    }

    private void answer(long id, Frame frame) {
        var future = calls.remove(id);
        if (future != null) {
            future.complete(frame);
        }
    }

    private void deliver(long id, Chunk chunk) {
        RemoteStream stream = streams.get(id);
        if (stream != null) {
            stream.offer(chunk);
        }
    }

    private void fail(long id, ProviderException error) {
        RemoteStream stream = streams.remove(id);
        if (stream != null) {
            stream.fail(error);
        }
        var future = calls.remove(id);
        if (future != null) {
            future.completeExceptionally(error);
        }
    }

    @Override
    public String id() {
        return "llama.cpp-runner:" + name + "@pid" + ready.pid();
    }

    @Override
    public List<ModelInfo> models() {
        return List.of(new ModelInfo(name, "gguf", null, null, null, ready.slotContext(), 0, null, null,
                java.util.Set.of(ModelInfo.Capability.COMPLETION), null, java.util.Map.of(), java.util.Map.of(), id()));
    }

    @Override
    public Health health() {
        String why = death;
        if (why == null && closed.get()) {
            return Health.down("unloaded");
        }
        if (why != null || !process.alive()) {
            return Health.down(why != null ? why : "the runner process is gone");
        }
        return Health.up();
    }

    @Override
    public ChunkStream chat(ChatRequest request) {
        checkServes(request.model());
        if (request.messages().isEmpty()) {
            throw new InvalidRequestException("messages must not be empty", "messages");
        }
        return open(id -> new Frame.Chat(id, request));
    }

    @Override
    public ChunkStream complete(CompletionRequest request) {
        checkServes(request.model());
        return open(id -> new Frame.Complete(id, request));
    }

    private ChunkStream open(java.util.function.LongFunction<Frame> frame) {
        checkUsable();
        long id = ids.incrementAndGet();
        var stream = new RemoteStream(id, this, settings.clock().getAsLong());
        streams.put(id, stream);
        send(frame.apply(id), id);
        return stream;
    }

    @Override
    public Embeddings embed(EmbeddingRequest request) {
        checkServes(request.model());
        return ((Frame.EmbedResult) call(id -> new Frame.Embed(id, request), "embeddings")).embeddings();
    }

    @Override
    public int[] tokenize(String model, String text, boolean addSpecial) {
        checkServes(model);
        return ((Frame.Tokens) call(id -> new Frame.Tokenize(id, model, text, addSpecial), "tokens")).tokens();
    }

    @Override
    public String detokenize(String model, int[] tokens) {
        checkServes(model);
        return ((Frame.Text) call(id -> new Frame.Detokenize(id, model, tokens), "text")).text();
    }

    @Override
    public String applyTemplate(ChatRequest request) {
        checkServes(request.model());
        return ((Frame.Text) call(id -> new Frame.Template(id, request), "the prompt")).text();
    }

    /** Sends a request with one answer and waits for it. */
    private Frame call(java.util.function.LongFunction<Frame> frame, String what) {
        checkUsable();
        long id = ids.incrementAndGet();
        var result = new PendingCall(settings.clock().getAsLong());
        calls.put(id, result);
        send(frame.apply(id), id);
        try {
            return result.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof ProviderException p ? p
                    : new ProviderFailedException("waiting for " + what + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            calls.remove(id);
            throw new ProviderFailedException("interrupted while waiting for " + what);
        }
    }

    private void send(Frame frame, long id) {
        try {
            process.channel().write(frame);
        } catch (IOException e) {
            streams.remove(id);
            calls.remove(id);
            throw new ProviderFailedException("the runner for model " + name + " " + process.exitDescription(), e);
        }
    }

    /** Called by a stream closed before its end. */
    void cancel(long id) {
        if (streams.remove(id) != null && !closed.get()) {
            try {
                process.channel().write(new Frame.Cancel(id));
            } catch (IOException ignored) {
                // the runner is gone: nothing left to cancel
            }
        }
    }

    /** Called by a stream whose consumer took {@code chunks} more chunks: the runner may send as many more. */
    void credit(long id, int chunks) {
        if (streams.containsKey(id) && !closed.get()) {
            try {
                process.channel().write(new Frame.Credit(id, chunks));
            } catch (IOException ignored) {
                // the runner is gone: the read loop fails the stream
            }
        }
    }

    /** Called by a stream that reached its end. */
    void forget(long id) {
        streams.remove(id);
    }

    private void checkServes(String requested) {
        if (!name.equals(requested)) {
            throw new ModelNotFoundException(requested);
        }
    }

    private void checkUsable() {
        Health health = health();
        if (health.status() != Health.Status.UP) {
            throw new ProviderFailedException(health.detail());
        }
    }

    /**
     * Runs {@code listener} with the reason once the runner dies without being asked to (killed, crashed), on the
     * thread that noticed; never for a runner that was closed. Registered after the death, it runs at once.
     */
    public void whenDead(java.util.function.Consumer<String> listener) {
        died.thenAccept(listener);
    }

    /** The operating-system process id of the runner. */
    public long pid() {
        return ready.pid();
    }

    /** Context per request, in tokens. */
    public int slotContext() {
        return ready.slotContext();
    }

    /** KV cache slots in the runner, i.e. requests decoded together. */
    public int parallel() {
        return ready.parallel();
    }

    /** Threads llama.cpp uses in the runner. */
    public int threads() {
        return ready.threads();
    }

    /**
     * The last lines the runner printed, oldest first: its log and the binding's native log (what llama.cpp says at
     * load, such as its {@code system_info} line, when the runner's JVM options turn that log on).
     */
    public List<String> output() {
        return process.output();
    }

    /** Ends the runner process and waits until it is gone. Idempotent. */
    @Override
    public void close() {
        if (death == null && !process.alive()) {
            // the router puts away a runner that died: its requests are told how it died, not that it was unloaded
            death = "the runner for model " + name + " " + process.exitDescription();
        }
        if (closed.compareAndSet(false, true)) {
            process.stop();
        }
    }
}
