package dev.helix.providers.discovery;

import java.net.URI;
import java.util.Objects;

/** What probing one base URL found: a server, or nothing and why. */
public sealed interface Identification {

    URI baseUrl();

    record Found(DiscoveredServer server) implements Identification {
        public Found {
            Objects.requireNonNull(server, "server");
        }

        @Override
        public URI baseUrl() {
            return server.baseUrl();
        }
    }

    record Nothing(URI baseUrl, Why why, String detail) implements Identification {
        public Nothing {
            Objects.requireNonNull(baseUrl, "baseUrl");
            Objects.requireNonNull(why, "why");
        }
    }

    enum Why {
        /** Nothing listens there. */
        REFUSED,
        /** Something listens but did not answer in time. */
        TIMED_OUT,
        /** Something answers HTTP, but no known LLM server's fingerprint matches. */
        UNRECOGNISED
    }
}
