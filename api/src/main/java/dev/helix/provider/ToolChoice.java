package dev.helix.provider;

import java.util.Objects;

/** Whether and which tool the model must call. */
public sealed interface ToolChoice {

    ToolChoice NONE = new None();
    ToolChoice AUTO = new Auto();
    ToolChoice REQUIRED = new Required();

    /** Never call a tool: the tools are not shown to the model. */
    record None() implements ToolChoice {}

    /** The model decides between text and calls. */
    record Auto() implements ToolChoice {}

    /** The model must call at least one of the tools (enforced by a grammar). */
    record Required() implements ToolChoice {}

    /** The model must call this tool (enforced by a grammar). */
    record Named(String name) implements ToolChoice {
        public Named {
            Objects.requireNonNull(name, "name");
        }
    }

    /** Whether the output is constrained to tool calls. */
    default boolean forced() {
        return this instanceof Required || this instanceof Named;
    }
}
