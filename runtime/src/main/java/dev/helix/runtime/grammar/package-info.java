/**
 * JSON Schema to GBNF, for structured output (OpenAI {@code response_format: json_schema}, Ollama
 * {@code format: {schema}}, forced tool calls): {@link dev.helix.runtime.grammar.JsonSchemaGrammar}; and
 * {@link dev.helix.runtime.grammar.GbnfValidator}, which checks GBNF as llama.cpp does before sampling with it.
 *
 * <p>The converter is a pure-Java port of llama.cpp's at build b4916, the build the de.kherud:llama 4.2.0 binding
 * bundles, producing the same grammar text byte for byte wherever that grammar is right, and a corrected one
 * where it is not. The native converter is not used: it aborts the process on schemas it cannot handle. And
 * llama.cpp b4916 silently samples unconstrained under a grammar it cannot load, so every grammar is validated
 * here first: every unsupported schema, and every grammar llama.cpp would not run, is an
 * {@link dev.helix.provider.InvalidRequestException}.
 */
package dev.helix.runtime.grammar;
