/**
 * Tool calling, independent of any backend: the grammar that forces a call ({@link ToolCallGrammar}), the formats
 * real models write calls in ({@link ToolCallParser}), and the stream that turns generated text into tool-call
 * chunks as it arrives ({@link ToolCallStream}). All knowledge of call formats lives here.
 */
package dev.helix.runtime.tools;
