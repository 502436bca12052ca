package dev.helix.server.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.helix.router.ModelManager;
import dev.helix.router.store.ModelPreset;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "cp", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Give a model another name.",
                "With a server running, the name lives in its memory (as /api/copy); without one, it is a lasting "
                        + "variant in Helix's models folder (as helix create NAME with FROM SOURCE)."})
final class CopyCommand implements Callable<Integer> {
    @Mixin
    AddressOptions address;

    @Mixin
    ConfigOptions config;

    @Parameters(index = "0", paramLabel = "SOURCE")
    String source;

    @Parameters(index = "1", paramLabel = "DESTINATION")
    String destination;

    @Override
    public Integer call() throws Exception {
        var server = ManageTarget.server(address, config);
        try {
            if (server.isPresent()) {
                server.get().stream("POST", "/api/copy", JsonNodeFactory.instance.objectNode().put("source", source)
                        .put("destination", destination), line -> { });
            } else {
                new ModelManager(ManageTarget.localCatalog(config)).create(destination, source, ModelPreset.NONE);
            }
        } catch (ServerClient.ServerError | dev.helix.provider.ProviderException e) {
            throw new CliException(e.getMessage());
        }
        System.out.println("copied '" + source + "' to '" + destination + "'");
        return 0;
    }
}
