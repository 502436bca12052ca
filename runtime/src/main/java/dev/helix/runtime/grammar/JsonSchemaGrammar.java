package dev.helix.runtime.grammar;

/** PLACEHOLDER until the Java port lands (branch grammar). Never committed to main in this form. */
public final class JsonSchemaGrammar {
    private JsonSchemaGrammar() {}

    public static String convert(String schemaJson) {
        throw new dev.helix.runtime.InvalidRequestException("JSON schema output is not available yet");
    }

    public static String anyJsonObject() {
        throw new dev.helix.runtime.InvalidRequestException("JSON output is not available yet");
    }
}
