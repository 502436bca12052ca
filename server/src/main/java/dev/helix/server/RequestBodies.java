package dev.helix.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.provider.InvalidRequestException;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Reads a JSON request body into a record; Jackson's failures become 400s naming the field (see {@link ApiFailure}). */
public final class RequestBodies {
    private final ObjectMapper json;

    public RequestBodies(ObjectMapper json) {
        this.json = json;
    }

    public <T> T read(Context ctx, Class<T> type) {
        byte[] body = ctx.bodyAsBytes();
        if (body.length == 0) {
            throw new InvalidRequestException("the request body is empty; send a JSON object");
        }
        try {
            T value = json.readValue(body, type);
            if (value == null) {
                throw new InvalidRequestException("the request body must be a JSON object, not null");
            }
            return value;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadJsonException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The mapper bodies are read with; responses and stream frames are written with it too. */
    public ObjectMapper mapper() {
        return json;
    }

    /** Carries Jackson's checked exception to the error mapper. */
    public static final class BadJsonException extends RuntimeException {
        public BadJsonException(com.fasterxml.jackson.core.JsonProcessingException cause) {
            super(cause.getOriginalMessage(), cause);
        }
    }
}
