package dev.helix.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "logs", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Print the log of a provider the running server runs itself (~/.helix/logs/NAME.log on the "
                + "server's machine): its output and Helix's notes on its starts and exits.",
                "Asks the server at --host/--port (GET /helix/providers/NAME/log)."})
final class LogsCommand implements Callable<Integer> {
    private static final String OFFSET = "X-Helix-Log-Offset";

    @Mixin
    AddressOptions address;

    @Mixin
    ConfigOptions config;

    @Parameters(paramLabel = "NAME", description = "The provider's name in models.yaml.")
    String name;

    @Option(names = {"-f", "--follow"}, description = "Keep printing what is added until interrupted.")
    boolean follow;

    @Override
    public Integer call() throws Exception {
        ServerClient client = ServerClient.require(address, config);
        String path = "/helix/providers/" + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8)
                + "/log";
        ServerClient.Text text;
        try {
            text = client.text(path, OFFSET);
        } catch (ServerClient.ServerError e) {
            throw new CliException(e.getMessage());
        }
        System.out.print(text.body());
        System.out.flush();
        while (follow) {
            Thread.sleep(500);
            text = client.text(path + "?from=" + text.header(), OFFSET);
            System.out.print(text.body());
            System.out.flush();
        }
        return 0;
    }
}
