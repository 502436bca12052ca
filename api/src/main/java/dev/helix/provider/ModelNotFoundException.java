package dev.helix.provider;

/** No such model; maps to 404. */
public final class ModelNotFoundException extends ProviderException {
    private final String model;
    private final String why;

    public ModelNotFoundException(String model) {
        super("model \"" + model + "\" not found", null);
        this.model = model;
        this.why = null;
    }

    /** @param why what is missing, e.g. "its file /models/x.gguf is gone" */
    public ModelNotFoundException(String model, String why) {
        super("model \"" + model + "\" not found: " + why, null);
        this.model = model;
        this.why = why;
    }

    /** What is missing, when more is known than the name; else null. */
    public String why() {
        return why;
    }

    public String model() {
        return model;
    }

    @Override
    public boolean retriable() {
        return false;
    }
}
