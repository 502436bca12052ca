package dev.helix.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one JSON configuration of the wire records, for the side that answers and the side that calls alike:
 * snake_case names, unknown input fields ignored (peers send fields we do not use), nulls left out of output, and
 * no quiet coercion of wrongly typed scalars (a string where a number belongs is an error naming the field, not a
 * guess; 1.5 where an integer belongs is an error, not 1). A number an answer leaves out reads as 0 rather than failing the whole answer: servers differ in what
 * they omit (a model's {@code created}, a tool call's {@code index}). Request records use boxed types, so the
 * server still sees what a client left out.
 */
public final class WireJson {
    private WireJson() {}

    /** A new mapper with this configuration; make one and share it (mappers are thread-safe and cache a lot). */
    public static ObjectMapper mapper() {
        return JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
    }
}
