package dev.helix.server.ollama.gotemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** One execution of a parsed template over some data, as Go's text/template executes it. */
final class Exec {
    /** What a list of nodes ended with: its end, or a break or continue for the enclosing range. */
    private enum Flow { NORMAL, BREAK, CONTINUE }

    private record Var(String name, Object value) {}

    /** Most nodes one execution visits, so that no template (ranges over ranges, a range over 10^9) runs for long. */
    static final long MAX_STEPS = 10_000_000;

    private final StringBuilder out = new StringBuilder();
    private final List<Var> vars = new ArrayList<>();
    private final Builtins builtins;
    private final int maxOutput;
    private long steps;

    Exec(Object data, Builtins builtins, int maxOutput) {
        this.builtins = builtins;
        this.maxOutput = maxOutput;
        vars.add(new Var("$", data));
    }

    String run(List<Node> nodes, Object data) {
        if (walk(nodes, data) != Flow.NORMAL) {
            throw new TemplateError("{{ break }} or {{ continue }} outside {{ range }}");
        }
        return out.toString();
    }

    private Flow walk(List<Node> nodes, Object dot) {
        for (Node node : nodes) {
            step();
            Flow flow = node(node, dot);
            if (flow != Flow.NORMAL) {
                return flow;
            }
            if (out.length() > maxOutput) {
                throw new TemplateError("the prompt it makes is longer than " + maxOutput + " characters");
            }
        }
        return Flow.NORMAL;
    }

    private void step() {
        if (++steps > MAX_STEPS) {
            throw new TemplateError("it takes more than " + MAX_STEPS + " steps to execute");
        }
    }

    /** A block: variables declared in it end with it. */
    private Flow block(List<Node> nodes, Object dot) {
        int mark = vars.size();
        try {
            return walk(nodes, dot);
        } finally {
            vars.subList(mark, vars.size()).clear();
        }
    }

    private Flow node(Node node, Object dot) {
        switch (node) {
            case Node.Text text -> out.append(text.text());
            case Node.Output output -> {
                Object v = pipeline(output.pipeline(), dot);
                if (output.pipeline().variables().isEmpty()) {
                    GoValues.print(v, out);
                }
            }
            case Node.If branch -> {
                int mark = vars.size();
                try {
                    for (int i = 0; i < branch.conditions().size(); i++) {
                        if (GoValues.truth(pipeline(branch.conditions().get(i), dot))) {
                            return block(branch.branches().get(i), dot);
                        }
                    }
                    return block(branch.otherwise(), dot);
                } finally {
                    vars.subList(mark, vars.size()).clear();
                }
            }
            case Node.With with -> {
                int mark = vars.size();
                try {
                    Object v = pipeline(with.pipeline(), dot);
                    return GoValues.truth(v) ? block(with.body(), v) : block(with.otherwise(), dot);
                } finally {
                    vars.subList(mark, vars.size()).clear();
                }
            }
            case Node.Range range -> {
                return range(range, dot);
            }
            case Node.Jump jump -> {
                return jump.isBreak() ? Flow.BREAK : Flow.CONTINUE;
            }
        }
        return Flow.NORMAL;
    }

    private Flow range(Node.Range range, Object dot) {
        Node.Pipeline p = range.pipeline();
        Object collection = commands(p.commands(), dot);
        List<GoValues.Element> elements = GoValues.elements(collection);
        if (elements.isEmpty()) {
            return block(range.otherwise(), dot);
        }
        for (GoValues.Element e : elements) {
            step();
            int mark = vars.size();
            try {
                List<String> names = p.variables();
                if (names.size() == 1) {
                    vars.add(new Var(names.get(0), e.value()));
                } else if (names.size() == 2) {
                    vars.add(new Var(names.get(0), e.key()));
                    vars.add(new Var(names.get(1), e.value()));
                }
                if (walk(range.body(), e.value()) == Flow.BREAK) {
                    break;
                }
            } finally {
                vars.subList(mark, vars.size()).clear();
            }
        }
        return Flow.NORMAL;
    }

    /** A pipeline's value, declaring or assigning its variables. */
    private Object pipeline(Node.Pipeline p, Object dot) {
        Object v = commands(p.commands(), dot);
        for (String name : p.variables()) {
            if (p.declare()) {
                vars.add(new Var(name, v));
            } else {
                assign(name, v);
            }
        }
        return v;
    }

    private Object commands(List<Node.Command> commands, Object dot) {
        Object piped = null;
        for (int i = 0; i < commands.size(); i++) {
            piped = command(commands.get(i), dot, i > 0, piped);
        }
        return piped;
    }

    private Object command(Node.Command c, Object dot, boolean hasPiped, Object piped) {
        Node.Operand first = c.operands().get(0);
        if (first instanceof Node.Function f) {
            var args = new ArrayList<Supplier<Object>>();
            for (Node.Operand operand : c.operands().subList(1, c.operands().size())) {
                args.add(() -> operand(operand, dot));
            }
            if (hasPiped) {
                args.add(() -> piped);
            }
            return builtins.call(f.name(), args);
        }
        if (hasPiped) {
            throw new TemplateError("can't give argument to non-function");
        }
        return operand(first, dot);
    }

    private Object operand(Node.Operand operand, Object dot) {
        return switch (operand) {
            case Node.Field f -> fields(dot, f.path());
            case Node.Variable v -> fields(lookup(v.name()), v.path());
            case Node.Literal l -> l.value();
            case Node.Function f -> builtins.call(f.name(), List.of());
            case Node.Group g -> fields(pipeline(g.pipeline(), dot), g.path());
        };
    }

    private static Object fields(Object value, List<String> path) {
        Object v = value;
        for (String name : path) {
            v = switch (v) {
                case GoStruct s -> s.get(name);
                case Map<?, ?> m -> m.get(name);
                case null -> throw new TemplateError("nil pointer evaluating interface {}." + name);
                default -> throw new TemplateError("can't evaluate field " + name + " in type " + GoValues.typeName(v));
            };
        }
        return v;
    }

    private Object lookup(String name) {
        for (int i = vars.size() - 1; i >= 0; i--) {
            if (vars.get(i).name().equals(name)) {
                return vars.get(i).value();
            }
        }
        throw new TemplateError("undefined variable: " + name);
    }

    private void assign(String name, Object value) {
        for (int i = vars.size() - 1; i >= 0; i--) {
            if (vars.get(i).name().equals(name)) {
                vars.set(i, new Var(name, value));
                return;
            }
        }
        throw new TemplateError("undefined variable: " + name);
    }
}
