/*
 * Part of the port of llama.cpp's common/json-schema-to-grammar.cpp at build b4916,
 * https://github.com/ggml-org/llama.cpp. MIT License, Copyright (c) 2023-2024 The ggml authors; the full license
 * text is in JsonSchemaGrammar.java.
 */
package dev.helix.runtime.grammar;

import dev.helix.provider.InvalidRequestException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The visitor that turns a schema into GBNF rules, branch for branch as llama.cpp b4916's
 * {@code SchemaConverter::visit}. Names and rule text are UTF-8 bytes held one per char (see {@link Utf8}).
 */
final class SchemaConverter {
    private static final Pattern UUID_FORMAT = Pattern.compile("uuid[1-5]?");

    private final boolean dotall;
    private final RuleSet rules = new RuleSet();
    private final Map<String, Json> refs = new HashMap<>();
    private final Set<String> refsBeingResolved = new HashSet<>();

    private SchemaConverter(boolean dotall) {
        this.dotall = dotall;
    }

    /**
     * {@code json_schema_to_grammar}: the grammar as text, or an {@link InvalidRequestException} listing every
     * error found, in llama.cpp's words.
     */
    static String toGrammar(Json schema, boolean dotall) {
        SchemaConverter converter = new SchemaConverter(dotall);
        RefResolver.resolve(schema, converter.refs, converter.rules);
        converter.visit(schema, "");
        List<String> errors = converter.rules.errors();
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(
                    Utf8.decode("JSON schema conversion failed:\n" + String.join("\n", errors)), null);
        }
        return Utf8.decode(converter.rules.format());
    }

    private String visit(Json schema, String name) {
        Json type = schema.contains("type") ? schema.get("type") : Json.NULL;
        String format = schema.contains("format") ? schema.get("format").toStr("format") : "";
        String ruleName = BuiltinRules.isReserved(name) ? name + "-" : name.isEmpty() ? "root" : name;
        boolean untyped = type instanceof Json.Null;

        if (schema.contains("$ref")) {
            return rules.add(ruleName, resolveRef(schema.get("$ref").toStr("$ref")));
        } else if (schema.contains("oneOf") || schema.contains("anyOf")) {
            String keyword = schema.contains("oneOf") ? "oneOf" : "anyOf";
            List<Json> alternatives = schema.get(keyword).toList(keyword);
            return alternatives.isEmpty()
                    ? nothingMatches(keyword)
                    : rules.add(ruleName, unionRule(name, alternatives));
        } else if (type instanceof Json.Arr types) {
            List<Json> alternatives = new ArrayList<>();
            for (Json t : types.elements()) {
                alternatives.add(((Json.Obj) schema).with("type", t));
            }
            return alternatives.isEmpty()
                    ? nothingMatches("type")
                    : rules.add(ruleName, unionRule(name, alternatives));
        } else if (schema.contains("const")) {
            return rules.add(ruleName, GbnfLiterals.constant(schema.get("const")) + " space");
        } else if (schema.contains("enum")) {
            List<String> values = new ArrayList<>();
            for (Json value : schema.get("enum").elements()) {
                values.add(GbnfLiterals.constant(value));
            }
            return values.isEmpty()
                    ? nothingMatches("enum")
                    : rules.add(ruleName, "(" + String.join(" | ", values) + ") space");
        } else if ((untyped || type.isString("object"))
                && (schema.contains("properties") || (schema.contains("additionalProperties")
                        && !isTrue(schema.get("additionalProperties"))))) {
            Set<String> required = new HashSet<>();
            if (schema.get("required") instanceof Json.Arr list) {
                for (Json item : list.elements()) {
                    if (item instanceof Json.Str s) {
                        required.add(s.bytes());
                    }
                }
            }
            List<Map.Entry<String, Json>> properties =
                    schema.contains("properties") ? schema.get("properties").items() : List.of();
            Json additional = schema.contains("additionalProperties") ? schema.get("additionalProperties") : Json.NULL;
            return rules.add(ruleName, objectRule(properties, required, name, additional));
        } else if ((untyped || type.isString("object")) && schema.contains("allOf")) {
            return rules.add(ruleName, allOfRule(schema.get("allOf"), name));
        } else if ((untyped || type.isString("array")) && (schema.contains("items") || schema.contains("prefixItems"))) {
            return arrayRule(schema, name, ruleName);
        } else if ((untyped || type.isString("string")) && schema.contains("pattern")) {
            return RegexToGbnf.visit(rules, dotall, schema.get("pattern").toStr("pattern"), ruleName);
        } else if ((untyped || type.isString("string")) && UUID_FORMAT.matcher(format).matches()) {
            return rules.addPrimitive(ruleName.equals("root") ? "root" : format, BuiltinRules.PRIMITIVES.get("uuid"));
        } else if ((untyped || type.isString("string")) && BuiltinRules.STRING_FORMATS.containsKey(format + "-string")) {
            String primitive = format + "-string";
            return rules.add(ruleName, rules.addPrimitive(primitive, BuiltinRules.STRING_FORMATS.get(primitive)));
        } else if (type.isString("string") && (schema.contains("minLength") || schema.contains("maxLength"))) {
            String charRule = rules.addPrimitive("char", BuiltinRules.PRIMITIVES.get("char"));
            int[] length = SchemaBounds.count(schema, "minLength", "maxLength");
            return rules.add(ruleName,
                    "\"\\\"\" " + GbnfLiterals.repetition(charRule, length[0], length[1], "") + " \"\\\"\" space");
        } else if (type.isString("integer") && isBoundedInteger(schema)) {
            long[] bounds = SchemaBounds.integer(schema);
            return rules.add(ruleName, "(" + IntRangeRules.build(bounds[0], bounds[1]) + ") space");
        } else if (schema.isEmpty()) {
            // any JSON value, as JSON Schema means; llama.cpp b4916 allowed only objects
            return rules.add(ruleName, rules.addPrimitive("value", BuiltinRules.PRIMITIVES.get("value")));
        } else if (type.isString("object")) {
            return rules.add(ruleName, rules.addPrimitive("object", BuiltinRules.PRIMITIVES.get("object")));
        }
        if (!(type instanceof Json.Str typeName) || !BuiltinRules.PRIMITIVES.containsKey(typeName.bytes())) {
            rules.error("Unrecognized schema: " + schema.dump());
            return "";
        }
        return rules.addPrimitive(ruleName.equals("root") ? "root" : typeName.bytes(),
                BuiltinRules.PRIMITIVES.get(typeName.bytes()));
    }

    /** Has integer bounds that limit the integers Helix writes (at most 16 digits) at all. */
    private static boolean isBoundedInteger(Json schema) {
        if (!(schema.contains("minimum") || schema.contains("exclusiveMinimum") || schema.contains("maximum")
                || schema.contains("exclusiveMaximum"))) {
            return false;
        }
        long[] bounds = SchemaBounds.integer(schema);
        return bounds[0] != Long.MIN_VALUE || bounds[1] != Long.MAX_VALUE;
    }

    /**
     * An empty anyOf, oneOf, type list or enum: no value matches. llama.cpp b4916 writes an empty rule, which
     * llama.cpp then cannot parse (the next line becomes its body), or for enum one that matches nothing at all.
     */
    private String nothingMatches(String keyword) {
        rules.error("Empty " + keyword + ": no value matches it");
        return "";
    }

    private static boolean isTrue(Json value) {
        return value instanceof Json.Bool b && b.value();
    }

    private static String child(String name, String suffix) {
        return name + (name.isEmpty() ? "" : "-") + suffix;
    }

    private String unionRule(String name, List<Json> alternatives) {
        List<String> alternativeRules = new ArrayList<>();
        for (int i = 0; i < alternatives.size(); i++) {
            alternativeRules.add(visit(alternatives.get(i), name + (name.isEmpty() ? "alternative-" : "-") + i));
        }
        return String.join(" | ", alternativeRules);
    }

    private String resolveRef(String ref) {
        String refName = ref.substring(ref.lastIndexOf('/') + 1);
        if (!rules.has(refName) && !refsBeingResolved.contains(ref)) {
            refsBeingResolved.add(ref);
            Json resolved = refs.computeIfAbsent(ref, r -> Json.NULL);
            refName = visit(resolved, refName);
            refsBeingResolved.remove(ref);
        }
        return refName;
    }

    private String arrayRule(Json schema, String name, String ruleName) {
        Json items = schema.contains("items") ? schema.get("items") : schema.get("prefixItems");
        if (items instanceof Json.Arr tuple) {
            StringBuilder rule = new StringBuilder("\"[\" space ");
            for (int i = 0; i < tuple.elements().size(); i++) {
                if (i > 0) {
                    rule.append(" \",\" space ");
                }
                rule.append(visit(tuple.elements().get(i), child(name, "tuple-" + i)));
            }
            return rules.add(ruleName, rule.append(" \"]\" space").toString());
        }
        String itemRuleName = visit(items, child(name, "item"));
        int[] count = SchemaBounds.count(schema, "minItems", "maxItems");
        String repetition = GbnfLiterals.repetition(itemRuleName, count[0], count[1], "\",\" space");
        return rules.add(ruleName, "\"[\" space " + repetition + " \"]\" space");
    }

    /** allOf merges the properties of its parts into one object; the parts of a nested anyOf become optional. */
    private String allOfRule(Json allOf, String name) {
        Set<String> required = new HashSet<>();
        List<Map.Entry<String, Json>> properties = new ArrayList<>();
        for (Json part : allOf.elements()) {
            if (part.contains("anyOf")) {
                for (Json alternative : part.get("anyOf").elements()) {
                    addComponent(alternative, false, properties, required, new HashSet<>());
                }
            } else {
                addComponent(part, true, properties, required, new HashSet<>());
            }
        }
        return objectRule(properties, required, name, Json.NULL);
    }

    private void addComponent(Json component, boolean isRequired, List<Map.Entry<String, Json>> properties,
            Set<String> required, Set<String> expanding) {
        if (component.contains("$ref")) {
            String ref = component.get("$ref").toStr("$ref");
            if (!expanding.add(ref)) {
                // llama.cpp recurses here until its stack overflows.
                rules.error("Circular $ref in allOf: " + ref);
                return;
            }
            addComponent(refs.computeIfAbsent(ref, r -> Json.NULL), isRequired, properties, required, expanding);
        } else if (component.contains("properties")) {
            for (Map.Entry<String, Json> property : component.get("properties").items()) {
                properties.add(property);
                if (isRequired) {
                    required.add(property.getKey());
                }
            }
        }
    }

    /**
     * {@code _build_object_rule}: required properties in order, then the optional ones (and "*" for additional
     * properties), each optional tail a {@code -rest} rule so any subset can appear, in declared order.
     */
    private String objectRule(List<Map.Entry<String, Json>> properties, Set<String> required, String name,
            Json additionalProperties) {
        List<String> requiredProps = new ArrayList<>();
        List<String> optionalProps = new ArrayList<>();
        Map<String, String> kvRuleNames = new HashMap<>();
        List<String> propNames = new ArrayList<>();
        for (Map.Entry<String, Json> property : properties) {
            String propName = property.getKey();
            // a property "" of the top-level object would take the name "root" (as in llama.cpp b4916) and so
            // replace the object as the grammar's start rule
            String childName = name.isEmpty() && propName.isEmpty() ? "-" : child(name, propName);
            String propRuleName = visit(property.getValue(), childName);
            kvRuleNames.put(propName, rules.add(child(name, propName + "-kv"),
                    GbnfLiterals.literal(Json.quote(propName)) + " space \":\" space " + propRuleName));
            (required.contains(propName) ? requiredProps : optionalProps).add(propName);
            propNames.add(propName);
        }
        if (isTrue(additionalProperties) || additionalProperties.isObject()) {
            String subName = child(name, "additional");
            String valueRule = additionalProperties.isObject()
                    ? visit(additionalProperties, subName + "-value")
                    : rules.addPrimitive("value", BuiltinRules.PRIMITIVES.get("value"));
            String keyRule = propNames.isEmpty()
                    ? rules.addPrimitive("string", BuiltinRules.PRIMITIVES.get("string"))
                    : rules.add(subName + "-k", NotStrings.rule(propNames,
                            rules.addPrimitive("char", BuiltinRules.PRIMITIVES.get("char"))));
            kvRuleNames.put("*", rules.add(subName + "-kv", keyRule + " \":\" space " + valueRule));
            optionalProps.add("*");
        }

        StringBuilder rule = new StringBuilder("\"{\" space ");
        for (int i = 0; i < requiredProps.size(); i++) {
            if (i > 0) {
                rule.append(" \",\" space ");
            }
            rule.append(kvRuleNames.get(requiredProps.get(i)));
        }
        if (!optionalProps.isEmpty()) {
            rule.append(" (");
            if (!requiredProps.isEmpty()) {
                rule.append(" \",\" space ( ");
            }
            List<String> tails = optionalTails(optionalProps, name, kvRuleNames);
            for (int i = 0; i < tails.size(); i++) {
                if (i > 0) {
                    rule.append(" | ");
                }
                rule.append(tails.get(i));
            }
            if (!requiredProps.isEmpty()) {
                rule.append(" )");
            }
            rule.append(" )?");
        }
        return rule.append(" \"}\" space").toString();
    }

    /**
     * {@code get_recursive_refs(ks[from..], false)} for every {@code from}: the same text and the same {@code -rest}
     * rules, added in the order the C++ recursion adds them (deepest first), in one pass from the end. (Unrolling
     * each tail on its own, as the C++ does, costs the square of the number of optional properties: 800 of them took
     * 80 ms, 20,000 would take about a minute.)
     */
    private List<String> optionalTails(List<String> keys, String name, Map<String, String> kvRuleNames) {
        int last = keys.size() - 1;
        String[] rest = new String[keys.size()];
        String next = null;
        for (int j = last; j >= 0; j--) {
            String key = keys.get(j);
            if (j < last) {
                rest[j] = rules.add(child(name, key + "-rest"), next);
            }
            next = "( \",\" space " + kvRuleNames.get(key) + " )" + (key.equals("*") ? "*" : "?")
                    + (j < last ? " " + rest[j] : "");
        }
        List<String> tails = new ArrayList<>(keys.size());
        for (int from = 0; from <= last; from++) {
            String key = keys.get(from);
            String kvRuleName = kvRuleNames.get(key);
            tails.add(kvRuleName + (key.equals("*") ? " ( \",\" space " + kvRuleName + " )*" : "")
                    + (from < last ? " " + rest[from] : ""));
        }
        return tails;
    }
}
