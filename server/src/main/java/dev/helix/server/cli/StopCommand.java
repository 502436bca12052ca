package dev.helix.server.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "stop", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Unload a model from a running Helix now (its runner ends and its memory is freed), as "
                + "`ollama stop` does. A request still on it finishes first."})
final class StopCommand implements Callable<Integer> {
    @Mixin
    AddressOptions address;

    @Mixin
    ConfigOptions config;

    @Parameters(paramLabel = "MODEL", description = "The model to unload.")
    String model;

    @Override
    public Integer call() throws Exception {
        var client = ServerClient.require(address, config);
        var request = new ObjectMapper().createObjectNode().put("model", model).put("keep_alive", 0)
                .put("stream", false);
        try {
            client.generate(request, text -> { });
        } catch (ServerClient.ServerError e) {
            throw new CliException(model + ": " + e.getMessage());
        }
        System.out.println("stopped " + model);
        return 0;
    }
}
