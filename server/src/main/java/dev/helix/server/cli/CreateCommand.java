package dev.helix.server.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.helix.router.ModelManager;
import dev.helix.router.store.Modelfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "create", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Make a named variant of a model from a Modelfile: FROM <model>, SYSTEM, TEMPLATE, PARAMETER.",
                "It is kept in Helix's models folder and served like any model."})
final class CreateCommand implements Callable<Integer> {
    @Mixin
    AddressOptions address;

    @Mixin
    ConfigOptions config;

    @Parameters(index = "0", paramLabel = "MODEL", description = "The new model's name.")
    String model;

    @Option(names = {"-f", "--file"}, paramLabel = "MODELFILE", description = "Modelfile (default ./Modelfile).")
    Path file = Path.of("Modelfile");

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(file)) {
            throw new CliException("no Modelfile at " + file + " (name one with -f)");
        }
        String text = Files.readString(file);
        var server = ManageTarget.server(address, config);
        try {
            Modelfile parsed = Modelfile.parse(text);
            if (server.isPresent()) {
                server.get().stream("POST", "/api/create", JsonNodeFactory.instance.objectNode().put("model", model)
                        .put("modelfile", text).put("stream", false), line -> { });
            } else {
                new ModelManager(ManageTarget.localCatalog(config)).create(model, parsed.from(), parsed.preset());
            }
        } catch (ServerClient.ServerError | dev.helix.provider.ProviderException e) {
            throw new CliException(e.getMessage());
        }
        System.out.println("created '" + model + "'");
        return 0;
    }
}
