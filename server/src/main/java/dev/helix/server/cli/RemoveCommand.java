package dev.helix.server.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.helix.router.ModelManager;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "rm", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Delete models Helix owns: pulled or created ones, files in its models folder, names made by cp.",
                "A model in another program's store (Ollama, LM Studio, ...) or in models.yaml is never deleted."})
final class RemoveCommand implements Callable<Integer> {
    @Mixin
    AddressOptions address;

    @Mixin
    ConfigOptions config;

    @Parameters(arity = "1..*", paramLabel = "MODEL")
    List<String> models;

    @Override
    public Integer call() throws Exception {
        var server = ManageTarget.server(address, config);
        var manager = server.isPresent() ? null : new ModelManager(ManageTarget.localCatalog(config));
        for (String model : models) {
            try {
                if (server.isPresent()) {
                    server.get().stream("DELETE", "/api/delete",
                            JsonNodeFactory.instance.objectNode().put("model", model), line -> { });
                } else {
                    manager.delete(model);
                }
            } catch (ServerClient.ServerError | dev.helix.provider.ProviderException e) {
                throw new CliException(e.getMessage());
            }
            System.out.println("deleted '" + model + "'");
        }
        return 0;
    }
}
