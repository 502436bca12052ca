package dev.helix.server.fuzz;

import java.util.List;

/**
 * One endpoint of the server as the fuzzer drives it: its method and path, a valid body to mutate (null: it takes
 * none), and the error shape its answers use.
 */
record Endpoint(String method, String path, String seed, Shape shape) {

    /** The error body an API answers with. */
    enum Shape {
        /** {@code {"error":{"message":...,"type":...}}} */
        OPENAI,
        /** {@code {"error":"..."}} */
        OLLAMA,
        /** {@code {"type":"error","error":{"type":...,"message":...}}} */
        ANTHROPIC,
        /** Helix's own endpoints: either of the two. */
        EITHER
    }

    private static final String MESSAGES = "\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
            + "{\"role\":\"user\",\"content\":\"Hi\"}]";
    private static final String TOOLS = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
            + "\"description\":\"d\",\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
            + "\"required\":[\"city\"]}}}]";

    /** Every endpoint the server has, with a small valid request each (generations stay a few tokens long). */
    static final List<Endpoint> ALL = List.of(
            new Endpoint("POST", "/v1/chat/completions", "{\"model\":\"tiny\",\"max_tokens\":4,\"stream\":false,"
                    + "\"temperature\":0.5,\"stop\":[\"x\"]," + MESSAGES + "}", Shape.OPENAI),
            new Endpoint("POST", "/v1/chat/completions", "{\"model\":\"tiny\",\"max_tokens\":4,\"stream\":true,"
                    + "\"stream_options\":{\"include_usage\":true},\"response_format\":{\"type\":\"json_schema\","
                    + "\"json_schema\":{\"name\":\"n\",\"schema\":{\"type\":\"object\",\"properties\":{\"a\":"
                    + "{\"type\":\"integer\",\"minimum\":3}}}}}," + MESSAGES + "}", Shape.OPENAI),
            new Endpoint("POST", "/v1/chat/completions", "{\"model\":\"scripted\",\"max_tokens\":40," + TOOLS
                    + ",\"tool_choice\":\"auto\"," + MESSAGES + "}", Shape.OPENAI),
            new Endpoint("POST", "/v1/completions", "{\"model\":\"plain\",\"prompt\":[\"a\",\"b\"],\"max_tokens\":3,"
                    + "\"echo\":true,\"stream\":true}", Shape.OPENAI),
            new Endpoint("POST", "/v1/embeddings", "{\"model\":\"tiny\",\"input\":[\"a b\",\"c\"],"
                    + "\"encoding_format\":\"float\",\"dimensions\":4}", Shape.OPENAI),
            new Endpoint("POST", "/v1/responses", "{\"model\":\"tiny\",\"input\":\"Hi\",\"instructions\":\"Be brief.\","
                    + "\"max_output_tokens\":4,\"temperature\":0.5,\"store\":false}", Shape.OPENAI),
            new Endpoint("POST", "/v1/responses", "{\"model\":\"scripted\",\"stream\":true,\"max_output_tokens\":40,"
                    + "\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"Hi\"}]}],"
                    + "\"tools\":[{\"type\":\"function\",\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\","
                    + "\"properties\":{\"city\":{\"type\":\"string\"}}}}],\"tool_choice\":\"auto\"}", Shape.OPENAI),
            new Endpoint("POST", "/v1/messages", "{\"model\":\"tiny\",\"max_tokens\":4,\"system\":\"Be brief.\","
                    + "\"stop_sequences\":[\"x\"],\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
                    Shape.ANTHROPIC),
            new Endpoint("POST", "/v1/messages", "{\"model\":\"scripted\",\"max_tokens\":40,\"stream\":true,"
                    + "\"tools\":[{\"name\":\"get_weather\",\"input_schema\":{\"type\":\"object\",\"properties\":"
                    + "{\"city\":{\"type\":\"string\"}}}}],\"tool_choice\":{\"type\":\"auto\"},\"messages\":"
                    + "[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hi\"}]}]}", Shape.ANTHROPIC),
            new Endpoint("POST", "/v1/messages/count_tokens", "{\"model\":\"tiny\",\"messages\":[{\"role\":"
                    + "\"user\",\"content\":\"Hi\"}]}", Shape.ANTHROPIC),
            new Endpoint("GET", "/v1/models", null, Shape.OPENAI),
            new Endpoint("GET", "/v1/models/tiny", null, Shape.OPENAI),
            new Endpoint("GET", "/health", null, Shape.OPENAI),
            new Endpoint("POST", "/tokenize", "{\"model\":\"tiny\",\"content\":\"hello world\",\"with_pieces\":true}",
                    Shape.OPENAI),
            new Endpoint("POST", "/detokenize", "{\"model\":\"tiny\",\"tokens\":[1,2,3]}", Shape.OPENAI),
            new Endpoint("POST", "/apply-template", "{\"model\":\"tiny\"," + MESSAGES + "}", Shape.OPENAI),
            new Endpoint("POST", "/api/chat", "{\"model\":\"tiny\",\"options\":{\"num_predict\":4,\"temperature\":0,"
                    + "\"stop\":[\"x\"]}," + MESSAGES + "}", Shape.OLLAMA),
            new Endpoint("POST", "/api/chat", "{\"model\":\"tiny\",\"stream\":false,\"format\":{\"type\":\"object\","
                    + "\"properties\":{\"b\":{\"type\":\"string\",\"pattern\":\"^[a-c]{1,3}$\"}}},\"options\":"
                    + "{\"num_predict\":6}," + MESSAGES + "}", Shape.OLLAMA),
            new Endpoint("POST", "/api/generate", "{\"model\":\"tiny\",\"prompt\":\"Hi\",\"system\":\"s\","
                    + "\"template\":\"{{ if .System }}{{ .System }} {{ end }}{{ .Prompt }}\",\"options\":"
                    + "{\"num_predict\":4}}", Shape.OLLAMA),
            new Endpoint("POST", "/api/generate", "{\"model\":\"plain\",\"prompt\":\"Hi\",\"raw\":true,\"stream\":false,"
                    + "\"format\":\"json\",\"options\":{\"num_predict\":4,\"num_ctx\":256}}", Shape.OLLAMA),
            new Endpoint("POST", "/api/embed", "{\"model\":\"tiny\",\"input\":[\"a\",\"b\"],\"truncate\":true}",
                    Shape.OLLAMA),
            new Endpoint("POST", "/api/embeddings", "{\"model\":\"tiny\",\"prompt\":\"a\"}", Shape.OLLAMA),
            new Endpoint("GET", "/api/tags", null, Shape.OLLAMA),
            new Endpoint("GET", "/api/ps", null, Shape.OLLAMA),
            new Endpoint("GET", "/api/version", null, Shape.OLLAMA),
            new Endpoint("POST", "/api/show", "{\"model\":\"tiny\",\"verbose\":true}", Shape.OLLAMA),
            new Endpoint("POST", "/api/copy", "{\"source\":\"tiny\",\"destination\":\"fuzzed\"}", Shape.OLLAMA),
            new Endpoint("DELETE", "/api/delete", "{\"model\":\"fuzzed\"}", Shape.OLLAMA),
            new Endpoint("POST", "/api/pull", "{\"model\":\"x\"}", Shape.OLLAMA),
            new Endpoint("POST", "/api/create", "{\"model\":\"x\",\"from\":\"tiny\"}", Shape.OLLAMA),
            new Endpoint("POST", "/api/blobs/sha256:00", "", Shape.OLLAMA),
            new Endpoint("GET", "/", null, Shape.OLLAMA),
            new Endpoint("GET", "/helix/providers", null, Shape.EITHER));
}
