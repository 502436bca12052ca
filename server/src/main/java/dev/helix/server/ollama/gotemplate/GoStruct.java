package dev.helix.server.ollama.gotemplate;

import java.util.List;

/**
 * A Go struct as templates see it: fields by Go name (a missing one is an error, as in Go), and its JSON form by the
 * fields' json tags ({@code omitempty} ones left out when empty).
 *
 * @param type     the Go type's name, for error messages
 * @param fields   in declaration order
 * @param stringer whether the Go type's String method prints its JSON (Ollama's api.Tool, api.ToolFunction): printed
 *                 so in templates
 */
public record GoStruct(String type, List<Field> fields, boolean stringer) {
    /** One field: Go name, json name, omitempty, value. */
    public record Field(String name, String json, boolean omitEmpty, Object value) {}

    public GoStruct {
        fields = List.copyOf(fields);
    }

    /** A field's value. */
    Object get(String name) {
        for (Field f : fields) {
            if (f.name().equals(name)) {
                return f.value();
            }
        }
        throw new TemplateError("can't evaluate field " + name + " in type " + type);
    }
}
