package dev.helix.runtime.grammar;

import java.util.List;

/**
 * Schemas llama.cpp b4916's native converter supports and writes a right grammar for, one per feature of the port:
 * the Java converter must write the same text. The native converter aborts the JVM on a schema it cannot handle,
 * so only supported schemas may be added here; unsupported ones belong in {@link JsonSchemaGrammarErrorsTest},
 * and those where b4916's grammar is wrong in {@link CorrectedSchemas}.
 */
final class SupportedSchemas {
    record Named(String name, String schema) {
        @Override
        public String toString() {
            return name;
        }
    }

    private SupportedSchemas() {}

    static List<Named> all() {
        return CORPUS;
    }

    private static Named schema(String name, String schema) {
        return new Named(name, schema);
    }

    private static final List<Named> CORPUS = List.of(
            schema("object-nested-required-and-optional", """
                    {"type":"object","properties":{"name":{"type":"string"},"age":{"type":"integer"},"address":{"type":"object","properties":{"street":{"type":"string"},"city":{"type":"string"},"zip":{"type":"string"}},"required":["city"]}},"required":["name","address"]}"""),
            schema("object-all-optional", """
                    {"type":"object","properties":{"a":{"type":"string"},"b":{"type":"number"},"c":{"type":"boolean"},"d":{"type":"null"}}}"""),
            schema("object-all-required", """
                    {"type":"object","properties":{"x":{"type":"number"},"y":{"type":"number"},"z":{"type":"number"}},"required":["x","y","z"]}"""),
            schema("object-interleaved-required", """
                    {"properties":{"o1":{"type":"integer"},"r1":{"type":"string"},"o2":{"type":"boolean"},"r2":{"type":"number"},"o3":{"type":"string"}},"required":["r2","r1","unknown",7]}"""),
            schema("object-additional-false", """
                    {"type":"object","properties":{"id":{"type":"integer"},"tags":{"type":"array","items":{"type":"string"}}},"required":["id"],"additionalProperties":false}"""),
            schema("object-map-of-strings", """
                    {"type":"object","additionalProperties":{"type":"string","maxLength":3}}"""),
            schema("object-deeply-nested", """
                    {"type":"object","properties":{"l1":{"type":"object","properties":{"l2":{"type":"object","properties":{"l3":{"type":"object","properties":{"l4":{"type":"object","properties":{"leaf":{"type":"string","enum":["x","y"]}},"required":["leaf"]}},"required":["l4"]}}}},"required":["l2"]}},"required":["l1"]}"""),
            schema("object-rule-name-collisions", """
                    {"type":"object","properties":{"a":{"type":"object","properties":{"b":{"type":"string","pattern":"^x+$"}}},"a-b":{"type":"string","pattern":"^y+$"},"a b":{"type":"integer","maximum":5},"c":{"type":"object","properties":{"b":{"type":"string","pattern":"^x+$"}}}},"required":["a","a-b","a b","c"]}"""),
            schema("array-min-max", """
                    {"type":"array","items":{"type":"string"},"minItems":1,"maxItems":3}"""),
            schema("array-optional-single", """
                    {"type":"array","items":{"type":"integer"},"minItems":0,"maxItems":1}"""),
            schema("array-min-only", """
                    {"type":"array","items":{"type":"number"},"minItems":2}"""),
            schema("array-max-only", """
                    {"items":{"type":"boolean"},"maxItems":5}"""),
            schema("array-exact-count", """
                    {"type":"array","items":{"type":"integer","minimum":0,"maximum":255},"minItems":3,"maxItems":3}"""),
            schema("array-of-objects", """
                    {"type":"array","items":{"type":"object","properties":{"sku":{"type":"string"},"qty":{"type":"integer","minimum":1},"price":{"type":"number"}},"required":["sku","qty"]},"minItems":1}"""),
            schema("array-nested-arrays", """
                    {"type":"array","items":{"type":"array","items":{"type":"array","items":{"type":"integer"},"maxItems":2}},"minItems":1,"maxItems":2}"""),
            schema("array-prefix-items", """
                    {"type":"array","prefixItems":[{"type":"string"},{"type":"integer"},{"type":"boolean"},{"enum":["a","b"]}]}"""),
            schema("array-items-tuple", """
                    {"type":"array","items":[{"type":"number"},{"type":"string","format":"date-time"}]}"""),
            schema("array-untyped-items", """
                    {"type":"array"}"""),
            schema("enum-typed-string", """
                    {"type":"string","enum":["red","green","blue"]}"""),
            schema("pattern-classes", """
                    {"type":"string","pattern":"^[A-Z][a-z]+-[0-9]{2,4}$"}"""),
            schema("pattern-groups-alternation", """
                    {"type":"string","pattern":"^(foo|bar)+baz?(qux|[0-9]+)*$"}"""),
            schema("pattern-repeated-groups", """
                    {"type":"object","properties":{"code":{"type":"string","pattern":"^(ab){2}(ab){3}(cd){1,2}[a-f]{4}[a-f]{6}$"}},"required":["code"]}"""),
            schema("pattern-untyped-email-like", """
                    {"pattern":"^[a-z0-9._%+-]+@[a-z0-9.-]+\\\\.[a-z]{2,}$"}"""),
            schema("pattern-empty", """
                    {"type":"string","pattern":"^$"}"""),
            schema("formats", """
                    {"type":"object","properties":{"d":{"type":"string","format":"date"},"t":{"type":"string","format":"time"},"dt":{"type":"string","format":"date-time"},"id":{"type":"string","format":"uuid"},"id4":{"format":"uuid4"},"mail":{"type":"string","format":"email"}},"required":["d","t","dt","id","id4","mail"]}"""),
            schema("format-date-root", """
                    {"type":"string","format":"date"}"""),
            schema("format-uuid-root", """
                    {"type":"string","format":"uuid"}"""),
            schema("string-length", """
                    {"type":"object","properties":{"both":{"type":"string","minLength":2,"maxLength":10},"min":{"type":"string","minLength":1},"max":{"type":"string","maxLength":1},"zero":{"type":"string","minLength":0}},"required":["both","min","max","zero"]}"""),
            schema("integer-minimums", """
                    {"type":"object","properties":{"m0":{"type":"integer","minimum":0},"m1":{"type":"integer","minimum":1},"m5":{"type":"integer","minimum":5},"m10":{"type":"integer","minimum":10},"m123":{"type":"integer","minimum":123},"m9000":{"type":"integer","minimum":9000},"n5":{"type":"integer","minimum":-5},"n123":{"type":"integer","minimum":-123}},"required":["m0","m1","m5","m10","m123","m9000","n5","n123"]}"""),
            schema("integer-maximums", """
                    {"type":"object","properties":{"x0":{"type":"integer","maximum":0},"x99":{"type":"integer","maximum":99},"x500":{"type":"integer","maximum":500},"xn1":{"type":"integer","maximum":-1},"xn100":{"type":"integer","maximum":-100}},"required":["x0","x99","x500","xn1","xn100"]}"""),
            schema("integer-ranges", """
                    {"type":"object","properties":{"r1":{"type":"integer","minimum":-10,"maximum":10},"r2":{"type":"integer","minimum":-100,"maximum":-5},"r3":{"type":"integer","minimum":5,"maximum":1234},"r4":{"type":"integer","minimum":0,"maximum":9},"r5":{"type":"integer","minimum":15,"maximum":15},"r6":{"type":"integer","minimum":100,"maximum":199},"r7":{"type":"integer","minimum":1,"maximum":2147483646}},"required":["r1","r2","r3","r4","r5","r6","r7"]}"""),
            schema("number-ignores-bounds", """
                    {"type":"number","minimum":0,"maximum":1}"""),
            schema("defs-refs", """
                    {"type":"object","properties":{"from":{"$ref":"#/$defs/point"},"to":{"$ref":"#/$defs/point"}},"required":["from","to"],"$defs":{"point":{"type":"object","properties":{"x":{"type":"number"},"y":{"type":"number"}},"required":["x","y"]}}}"""),
            schema("definitions-refs", """
                    {"type":"array","items":{"$ref":"#/definitions/Item"},"definitions":{"Item":{"type":"object","properties":{"name":{"type":"string"},"kind":{"$ref":"#/definitions/Kind"}},"required":["name"]},"Kind":{"enum":["a","b"]}}}"""),
            schema("defs-recursive-tree", """
                    {"$defs":{"node":{"type":"object","properties":{"value":{"type":"integer"},"children":{"type":"array","items":{"$ref":"#/$defs/node"}}},"required":["value"]}},"$ref":"#/$defs/node"}"""),
            schema("defs-mutual-recursion", """
                    {"$defs":{"a":{"type":"object","properties":{"b":{"$ref":"#/$defs/b"}}},"b":{"type":"object","properties":{"a":{"$ref":"#/$defs/a"},"n":{"type":"integer"}}}},"type":"object","properties":{"root":{"$ref":"#/$defs/a"}}}"""),
            schema("defs-named-like-primitive", """
                    {"type":"object","properties":{"s":{"$ref":"#/$defs/string"},"t":{"$ref":"#/$defs/my thing"}},"$defs":{"string":{"type":"string","maxLength":4},"my thing":{"type":"integer"}}}"""),
            schema("any-of", """
                    {"anyOf":[{"type":"string"},{"type":"integer","minimum":0},{"type":"null"}]}"""),
            schema("one-of-objects", """
                    {"oneOf":[{"type":"object","properties":{"kind":{"const":"circle"},"r":{"type":"number"}},"required":["kind","r"]},{"type":"object","properties":{"kind":{"const":"rect"},"w":{"type":"number"},"h":{"type":"number"}},"required":["kind","w","h"]}]}"""),
            schema("nested-any-of-property", """
                    {"type":"object","properties":{"v":{"anyOf":[{"type":"array","items":{"type":"string"}},{"type":"object","properties":{"k":{"type":"string"}}}]}},"required":["v"]}"""),
            schema("all-of", """
                    {"allOf":[{"$ref":"#/$defs/base"},{"properties":{"extra":{"type":"boolean"}}},{"anyOf":[{"properties":{"opt1":{"type":"string"}}},{"properties":{"opt2":{"type":"number"}}}]}],"$defs":{"base":{"type":"object","properties":{"id":{"type":"integer"},"name":{"type":"string"}}}}}"""),
            schema("type-arrays", """
                    {"type":"object","properties":{"maybe":{"type":["string","null"],"maxLength":5},"num":{"type":["integer","boolean"],"minimum":1,"maximum":3},"any":{"type":["object","array","number"]}},"required":["maybe","num","any"]}"""),
            schema("root-boolean", """
                    {"type":"boolean"}"""),
            schema("root-object", """
                    {"type":"object"}"""),
            schema("openai-tool-call", """
                    {"type":"object","properties":{"name":{"const":"get_current_weather"},"arguments":{"type":"object","properties":{"location":{"type":"string","description":"The city and state, e.g. San Francisco, CA"},"unit":{"type":"string","enum":["celsius","fahrenheit"]},"days":{"type":"integer","minimum":1,"maximum":14}},"required":["location","unit"],"additionalProperties":false}},"required":["name","arguments"],"additionalProperties":false}"""),
            schema("openai-tool-choice-any-of", """
                    {"anyOf":[{"type":"object","properties":{"name":{"const":"search"},"arguments":{"type":"object","properties":{"query":{"type":"string"},"limit":{"type":["integer","null"]}},"required":["query","limit"],"additionalProperties":false}},"required":["name","arguments"]},{"type":"object","properties":{"name":{"const":"finish"},"arguments":{"type":"object","properties":{"answer":{"type":"string"}},"required":["answer"]}},"required":["name","arguments"]}]}"""),
            schema("invoice", """
                    {"title":"Invoice","type":"object","properties":{"number":{"type":"string","pattern":"^INV-[0-9]{6}$"},"issued":{"type":"string","format":"date"},"customer":{"$ref":"#/$defs/party"},"lines":{"type":"array","items":{"type":"object","properties":{"description":{"type":"string","minLength":1,"maxLength":80},"quantity":{"type":"integer","minimum":1,"maximum":1000},"unitPrice":{"type":"number"},"taxRate":{"enum":[0,0.07,0.19]}},"required":["description","quantity","unitPrice"],"additionalProperties":false},"minItems":1,"maxItems":50},"paid":{"type":"boolean"},"notes":{"type":["string","null"]}},"required":["number","issued","customer","lines"],"$defs":{"party":{"type":"object","properties":{"name":{"type":"string"},"vatId":{"type":"string","pattern":"^[A-Z]{2}[0-9A-Z]{8,12}$"},"email":{"type":"string","format":"email"}},"required":["name"]}}}"""));
}
