package dev.helix.server.cli;

import java.util.List;

/**
 * A provider server {@code helix providers --installed} knows how to find and run: where it is usually installed, the
 * command its own documentation gives to install it (printed, never run), and a {@code managed} block that starts it.
 *
 * @param type        models.yaml's provider type
 * @param executables names looked for on the PATH
 * @param homePaths   usual install locations, relative to the home folder
 * @param install     how its own project says to install it (printed for the user to run)
 * @param command     the managed command; {@code {port}} is the port, {@code {exe}} what was found, MODEL a placeholder
 * @param port        the port it listens on by default (a managed one gets this unless its command takes {port})
 * @param ready       a readiness path, or null for the kind's own health check
 * @param note        what to edit before it works, or null
 */
record KnownServer(String name, String type, List<String> executables, List<String> homePaths, String install,
                   List<String> command, int port, String ready, String note) {

    static final List<KnownServer> ALL = List.of(
            new KnownServer("ollama", "ollama", List.of("ollama"), List.of(".local/bin/ollama"),
                    "curl -fsSL https://ollama.com/install.sh | sh",
                    List.of("{exe}", "serve"), 11435, "/api/version",
                    "OLLAMA_HOST=127.0.0.1:11435 keeps it off Helix's port 11434 (set under env)"),
            new KnownServer("vllm", "vllm", List.of("vllm"), List.of(".local/bin/vllm"), "pip install vllm",
                    List.of("{exe}", "serve", "MODEL", "--port", "{port}"), 8000, "/health",
                    "replace MODEL with a Hugging Face model id"),
            new KnownServer("lms", "lm-studio", List.of("lms"), List.of(".lmstudio/bin/lms", ".cache/lm-studio/bin/lms"),
                    "install LM Studio from https://lmstudio.ai, then: ~/.lmstudio/bin/lms bootstrap",
                    List.of("{exe}", "server", "start", "--port", "{port}"), 1234, null, null),
            new KnownServer("koboldcpp", "koboldcpp", List.of("koboldcpp", "koboldcpp.py"),
                    List.of("koboldcpp/koboldcpp.py", "koboldcpp/koboldcpp"),
                    "download koboldcpp from https://github.com/LostRuins/koboldcpp/releases",
                    List.of("{exe}", "--model", "MODEL.gguf", "--port", "{port}"), 5001, null,
                    "replace MODEL.gguf with a model file"),
            new KnownServer("local-ai", "localai", List.of("local-ai"), List.of(".local/bin/local-ai"),
                    "curl https://localai.io/install.sh | sh",
                    List.of("{exe}", "run", "--address", "127.0.0.1:{port}"), 8080, "/readyz", null),
            new KnownServer("mistralrs-server", "mistralrs", List.of("mistralrs-server"),
                    List.of(".cargo/bin/mistralrs-server"),
                    "cargo install --git https://github.com/EricLBuehler/mistral.rs mistralrs-server",
                    List.of("{exe}", "--port", "{port}", "plain", "-m", "MODEL"), 1234, null,
                    "replace MODEL with a Hugging Face model id"),
            new KnownServer("mlx_lm.server", "mlx", List.of("mlx_lm.server"), List.of(".local/bin/mlx_lm.server"),
                    "pip install mlx-lm", List.of("{exe}", "--model", "MODEL", "--port", "{port}"), 8080, null,
                    "replace MODEL with an MLX model id (Apple silicon only)"),
            new KnownServer("text-generation-webui", "text-generation-webui", List.of(),
                    List.of("text-generation-webui/start_linux.sh", "text-generation-webui/start_macos.sh"),
                    "git clone https://github.com/oobabooga/text-generation-webui; its start script installs the rest",
                    List.of("{exe}", "--api", "--api-port", "{port}", "--nowebui"), 5000, null, null),
            new KnownServer("tabbyAPI", "tabbyapi", List.of(), List.of("tabbyAPI/start.sh"),
                    "git clone https://github.com/theroyallab/tabbyAPI; see its README for start.sh",
                    List.of("{exe}", "--port", "{port}"), 5000, null, "choose the model in tabbyAPI's config.yml"),
            new KnownServer("gpt4all", "gpt4all", List.of("gpt4all"), List.of("gpt4all/bin/chat"),
                    "download the installer from https://www.nomic.ai/gpt4all",
                    List.of("{exe}"), 4891, null, "turn on its local API server in its settings; the port is fixed"),
            new KnownServer("jan", "jan", List.of("jan"), List.of(".local/bin/jan", "Applications/Jan.app"),
                    "download Jan from https://jan.ai", List.of("{exe}"), 1337, null,
                    "start its local API server in its settings; the port is fixed"),
            new KnownServer("llama-server", "llama-server", List.of("llama-server"),
                    List.of("llama.cpp/build/bin/llama-server", ".local/bin/llama-server"),
                    "brew install llama.cpp (or build https://github.com/ggml-org/llama.cpp)",
                    List.of("{exe}", "-m", "MODEL.gguf", "--port", "{port}"), 8080, "/health",
                    "replace MODEL.gguf with a model file"));
}
