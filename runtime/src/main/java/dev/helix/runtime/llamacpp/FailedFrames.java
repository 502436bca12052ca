package dev.helix.runtime.llamacpp;

import dev.helix.provider.InvalidRequestException;
import dev.helix.provider.ModelNotFoundException;
import dev.helix.provider.ProviderBusyException;
import dev.helix.provider.ProviderException;
import dev.helix.provider.ProviderFailedException;
import java.time.Duration;

/** A {@link ProviderException} across the runner's connection: to a {@link Frame.Failed} and back, losing nothing. */
final class FailedFrames {
    private FailedFrames() {
    }

    /** The runner's side: the frame that tells the server how request {@code id} failed. */
    static Frame.Failed of(long id, ProviderException e) {
        return switch (e) {
            case InvalidRequestException invalid -> new Frame.Failed(id, Frame.ErrorKind.INVALID_REQUEST,
                    e.getMessage(), invalid.param(), invalid.code(), 0);
            // the model in param, what is missing (or null) in message
            case ModelNotFoundException notFound -> new Frame.Failed(id, Frame.ErrorKind.NOT_FOUND, notFound.why(),
                    notFound.model(), null, 0);
            case ProviderBusyException busy -> new Frame.Failed(id, Frame.ErrorKind.BUSY, e.getMessage(), null, null,
                    busy.retryAfter().toMillis());
            default -> new Frame.Failed(id, Frame.ErrorKind.FAILED, e.getMessage(), null, null, 0);
        };
    }

    /** The server's side: the exception the frame stands for. */
    static ProviderException toException(Frame.Failed f) {
        return switch (f.kind()) {
            case INVALID_REQUEST -> new InvalidRequestException(f.message(), f.param(), f.code());
            case NOT_FOUND -> f.message() == null ? new ModelNotFoundException(f.param())
                    : new ModelNotFoundException(f.param(), f.message());
            case BUSY -> new ProviderBusyException(f.message(), Duration.ofMillis(f.retryAfterMillis()));
            case FAILED -> new ProviderFailedException(f.message());
        };
    }
}
