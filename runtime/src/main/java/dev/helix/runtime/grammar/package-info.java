/**
 * JSON Schema to GBNF, for structured output (OpenAI {@code response_format: json_schema}, Ollama
 * {@code format: {schema}}, forced tool calls): {@link dev.helix.runtime.grammar.JsonSchemaGrammar}.
 *
 * <p>A pure-Java port of llama.cpp's converter at build b4916, the build the de.kherud:llama 4.2.0 binding
 * bundles, producing the same grammar text byte for byte. The native converter is not used: it aborts the
 * process on schemas it cannot handle, and llama.cpp silently samples unconstrained under a grammar it cannot
 * parse; here every unsupported schema is an {@link dev.helix.runtime.InvalidRequestException}.
 */
package dev.helix.runtime.grammar;
