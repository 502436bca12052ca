package dev.helix.providers.routing;

import java.util.Objects;

/** One way to serve a public model name: a backend and the name the model has there. */
public record Target(Backend backend, String model) {
    public Target {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(model, "model");
    }

    @Override
    public String toString() {
        return backend.id() + ":" + model;
    }
}
