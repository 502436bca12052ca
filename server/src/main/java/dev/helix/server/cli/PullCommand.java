package dev.helix.server.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.helix.router.pull.ModelPuller;
import dev.helix.router.pull.PullEvent;
import dev.helix.router.pull.PullException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "pull", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Download a GGUF model into Helix's models folder: a model of Ollama's registry by its Ollama "
                + "name (llama3.2:1b, NAMESPACE/NAME:TAG; kept in Ollama's layout, set HELIX_OLLAMA_REGISTRY for a "
                + "mirror), hf.co/ORG/REPO:QUANT (as Ollama names Hugging Face models) or a URL of a .gguf file (add "
                + "#sha256=HEX to verify it).",
                "A broken download resumes where it stopped; the file is checked against its published sha256. "
                        + "With a server running, it pulls (and serves the model at once)."})
final class PullCommand implements Callable<Integer> {
    @Mixin
    AddressOptions address;

    @Mixin
    ConfigOptions config;

    @Parameters(index = "0", paramLabel = "MODEL", description = "llama3.2:1b, hf.co/ORG/REPO:QUANT or https://.../file.gguf")
    String model;

    @Override
    public Integer call() throws Exception {
        var bar = new ProgressBar(new dev.helix.server.progress.LiveLine(System.out,
                dev.helix.server.progress.Terminal.detect()));
        var server = ManageTarget.server(address, config);
        try {
            if (server.isPresent()) {
                server.get().stream("POST", "/api/pull", JsonNodeFactory.instance.objectNode().put("model", model),
                        bar::update);
            } else {
                var catalog = ManageTarget.localCatalog(config);
                var store = catalog.helixStore().orElseThrow(() -> new CliException("no models folder to pull into"));
                try (var puller = ModelPuller.fromEnvironment(System.getenv())) {
                    String name = puller.pull(model, store, event -> bar.update(json(event)));
                    System.out.println("pulled as " + name);
                }
            }
        } catch (PullException e) {
            bar.finish();
            throw new CliException(e.getMessage());
        } catch (ServerClient.ServerError e) {
            bar.finish();
            throw new CliException(e.getMessage());
        }
        bar.finish();
        return 0;
    }

    private static com.fasterxml.jackson.databind.JsonNode json(PullEvent e) {
        var node = JsonNodeFactory.instance.objectNode().put("status", e.status());
        if (e.total() != null) {
            node.put("total", e.total()).put("completed", e.completed());
        }
        return node;
    }
}
