package dev.helix.server.ollama.gotemplate;

import java.util.List;

/** A parsed template: text, actions and the control structures of Go's text/template that Ollama's templates use. */
sealed interface Node {
    /** Literal text. */
    record Text(String text) implements Node {}

    /** {@code {{ pipeline }}}: prints the value, unless the pipeline declares or assigns a variable. */
    record Output(Pipeline pipeline) implements Node {}

    /** {@code {{ if }}...{{ else if }}...{{ else }}...{{ end }}}: the first branch whose condition is true. */
    record If(List<Pipeline> conditions, List<List<Node>> branches, List<Node> otherwise) implements Node {}

    /** {@code {{ with }}}: the body with dot set to the value, when it is true. */
    record With(Pipeline pipeline, List<Node> body, List<Node> otherwise) implements Node {}

    /** {@code {{ range [$i,] [$v :=] pipeline }}}: the body per element (map keys in order), else the else part. */
    record Range(Pipeline pipeline, List<Node> body, List<Node> otherwise) implements Node {}

    /** {@code {{ break }}} and {@code {{ continue }}} inside a range. */
    record Jump(boolean isBreak) implements Node {}

    /**
     * @param variables declared ({@code :=}) or assigned ({@code =}) names, or empty
     * @param declare   whether the names are declared rather than assigned
     * @param commands  the commands, each one's value passed as the last argument of the next
     */
    record Pipeline(List<String> variables, boolean declare, List<Command> commands) {}

    /** A function call or a single operand. */
    record Command(List<Operand> operands) {}

    /** What a command is made of. */
    sealed interface Operand {}

    /** {@code .}, or {@code .A.B} fields of dot. */
    record Field(List<String> path) implements Operand {}

    /** {@code $name.A.B}; {@code $} is the data the template was executed with. */
    record Variable(String name, List<String> path) implements Operand {}

    /** A string, number, bool or nil. */
    record Literal(Object value) implements Operand {}

    /** A function by name. */
    record Function(String name) implements Operand {}

    /** {@code (pipeline).A.B}. */
    record Group(Pipeline pipeline, List<String> path) implements Operand {}
}
