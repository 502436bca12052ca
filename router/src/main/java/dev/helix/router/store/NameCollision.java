package dev.helix.router.store;

import java.nio.file.Path;

/**
 * Two models with the same name (a {@code :latest} tag aside): the first keeps it; the other is served under a name
 * qualified with its store ({@code lmstudio/NAME}) when it is in another store, else not at all. Listed by
 * {@code helix models} and logged once; never silent.
 *
 * @param name     the name both have
 * @param keptBy   where the model that keeps the name is: its file, or "models.yaml"
 * @param other    the model that lost it
 * @param servedAs the name it is served under instead, or null when it is not served
 */
public record NameCollision(String name, String keptBy, StoredModel other, String servedAs) {

    /** One line for logs and listings. */
    public String describe() {
        Path file = other.file();
        return "two models are named \"" + name + "\": " + keptBy + " keeps it; " + file + " (" + other.store().title()
                + ") " + (servedAs != null ? "is served as \"" + servedAs + "\"" : "is not served");
    }
}
