package dev.helix.server.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@code serve} and {@code models} say when there is no model: where Helix looked and how to add one.
 *
 * @param modelsDir  the models folder
 * @param config     the models.yaml read, or the default one looked for
 * @param unreadable how many .gguf files were found but could not be read
 */
record NoModelsNotice(Path modelsDir, ConfigFile config, int unreadable) {

    String text() {
        String n = System.lineSeparator();
        return "No models to serve yet. Helix looked in:" + n
                + "  models folder: " + modelsDir + " (" + folderState() + ")" + n
                + "  config file:   " + config.path() + " (" + configState() + ")" + n
                + "To add a model, copy a .gguf file into the models folder (it is served under its file name, no "
                + "restart needed)," + n
                + "or list it in the config file, e.g.:" + n
                + "  models:" + n
                + "    - {id: my-model, path: /path/to/my-model.gguf}" + n;
    }

    private String folderState() {
        if (!Files.isDirectory(modelsDir)) {
            return Files.exists(modelsDir) ? "not a folder" : "does not exist";
        }
        return unreadable == 0 ? "no .gguf files in it"
                : unreadable + " .gguf file" + (unreadable == 1 ? "" : "s") + " in it cannot be read, see above";
    }

    private String configState() {
        if (config.origin() != null) {
            return "from " + config.origin() + "; it lists no models";
        }
        return config.exists() ? "lists no models" : "does not exist; --config FILE or HELIX_CONFIG name another";
    }
}
