package dev.helix.provider;

/** No such model; maps to 404. */
public final class ModelNotFoundException extends ProviderException {
    private final String model;

    public ModelNotFoundException(String model) {
        super("model \"" + model + "\" not found", null);
        this.model = model;
    }

    /** @param why what is missing, e.g. "its file /models/x.gguf is gone" */
    public ModelNotFoundException(String model, String why) {
        super("model \"" + model + "\" not found: " + why, null);
        this.model = model;
    }

    public String model() {
        return model;
    }

    @Override
    public boolean retriable() {
        return false;
    }
}
