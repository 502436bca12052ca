package dev.helix.router.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where each program keeps its models on this platform, from a home folder and an environment given to it (never
 * read from the process here), so tests can build a whole home of stores in a temporary folder.
 *
 * @param home the user's home folder
 * @param env  environment variables ({@code OLLAMA_MODELS}, {@code HF_HUB_CACHE}, {@code HF_HOME},
 *             {@code XDG_CACHE_HOME}, {@code XDG_DATA_HOME}, {@code LOCALAPPDATA})
 * @param os   the platform
 */
public record StoreLocations(Path home, Map<String, String> env, Os os) {

    /** The platforms whose usual folders differ. */
    public enum Os {
        LINUX, MAC, WINDOWS;

        /** From {@code os.name}. */
        public static Os of(String osName) {
            String n = osName.toLowerCase(Locale.ROOT);
            return n.startsWith("windows") ? WINDOWS : n.startsWith("mac") || n.contains("darwin") ? MAC : LINUX;
        }
    }

    public StoreLocations {
        home = home.toAbsolutePath().normalize();
        env = Map.copyOf(env);
    }

    /** This process's home, environment and platform. */
    public static StoreLocations ofThisProcess() {
        return new StoreLocations(Path.of(System.getProperty("user.home")), System.getenv(),
                Os.of(System.getProperty("os.name", "linux")));
    }

    /** The usual folders of a store of this kind, most likely first; none of them need exist. */
    public List<Path> defaults(StoreKind kind) {
        var roots = new ArrayList<Path>();
        switch (kind) {
            case HELIX -> roots.add(home.resolve(".helix").resolve("models"));
            case OLLAMA -> {
                String set = env.get("OLLAMA_MODELS");
                roots.add(set != null && !set.isBlank() ? Path.of(set) : home.resolve(".ollama").resolve("models"));
                if (os == Os.LINUX && (set == null || set.isBlank())) {
                    roots.add(Path.of("/usr/share/ollama/.ollama/models")); // the Linux installer's service user
                }
            }
            case HUGGING_FACE -> roots.add(hfHubCache());
            case LM_STUDIO -> {
                roots.add(home.resolve(".lmstudio").resolve("models"));
                roots.add(home.resolve(".cache").resolve("lm-studio").resolve("models"));
            }
            case GPT4ALL -> roots.add(switch (os) {
                case MAC -> home.resolve("Library").resolve("Application Support").resolve("nomic.ai").resolve("GPT4All");
                case WINDOWS -> dir("LOCALAPPDATA", home.resolve("AppData").resolve("Local"))
                        .resolve("nomic.ai").resolve("GPT4All");
                case LINUX -> dir("XDG_DATA_HOME", home.resolve(".local").resolve("share"))
                        .resolve("nomic.ai").resolve("GPT4All");
            });
            case JAN -> roots.add(home.resolve("jan").resolve("models"));
        }
        return roots.stream().map(p -> p.toAbsolutePath().normalize()).distinct().toList();
    }

    /** As huggingface_hub finds it: HF_HUB_CACHE, else HF_HOME/hub, else XDG_CACHE_HOME/huggingface/hub. */
    private Path hfHubCache() {
        String hub = env.get("HF_HUB_CACHE");
        if (hub != null && !hub.isBlank()) {
            return Path.of(hub);
        }
        String hfHome = env.get("HF_HOME");
        if (hfHome != null && !hfHome.isBlank()) {
            return Path.of(hfHome).resolve("hub");
        }
        return dir("XDG_CACHE_HOME", home.resolve(".cache")).resolve("huggingface").resolve("hub");
    }

    private Path dir(String variable, Path otherwise) {
        String v = env.get(variable);
        return v != null && !v.isBlank() ? Path.of(v) : otherwise;
    }
}
