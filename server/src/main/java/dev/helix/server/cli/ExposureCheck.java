package dev.helix.server.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses to serve beyond the loopback interface without an API key unless told to ({@code --insecure}): an LLM
 * server open to a network lets anyone who reaches it run its models, make names and unload models, which is how
 * unprotected Ollama servers keep being found on the internet. With {@code --insecure} it serves, and says so loudly.
 */
final class ExposureCheck {
    private static final Logger LOG = LoggerFactory.getLogger(ExposureCheck.class);

    private ExposureCheck() {
    }

    static void require(String host, boolean hasKey, boolean insecure) {
        if (hasKey || loopback(host)) {
            return;
        }
        if (!insecure) {
            throw new CliException("refusing to serve on " + host + " without an API key: anyone who can reach it "
                    + "could use the models; set --api-key (or HELIX_API_KEY, server.api_key), or pass --insecure");
        }
        LOG.warn("serving on {} WITHOUT an API key (--insecure): anyone who can reach this address can use the models "
                + "and change what this server serves", host);
    }

    private static boolean loopback(String host) {
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false; // the bind fails on its own, with its own message
        }
    }
}
