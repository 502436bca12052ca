package dev.helix.runtime.grammar;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.helix.provider.InvalidRequestException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads schema text strictly, as nlohmann::json::parse does (no comments, no trailing commas or tokens, no
 * unpaired surrogates, no infinite numbers), into {@link Json}. Nesting is capped so no input can exhaust the
 * stack of the recursive converter.
 */
final class SchemaParser {
    static final int MAX_DEPTH = 200;
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH + 1).build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private SchemaParser() {}

    static Json parse(String text) {
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (StreamConstraintsException e) {
            throw e.getMessage().contains("nesting depth") ? tooDeep() : invalid("JSON schema is too large: " + firstSentence(e));
        } catch (JsonProcessingException e) {
            throw invalid("JSON schema is not valid JSON" + where(e.getLocation()) + ": " + firstSentence(e));
        }
        if (node == null || node.isMissingNode()) {
            throw invalid("JSON schema is not valid JSON: the text is empty");
        }
        return fromJackson(node);
    }

    static Json fromJackson(JsonNode node) {
        return convert(node, 0);
    }

    private static Json convert(JsonNode node, int depth) {
        if (depth > MAX_DEPTH) {
            throw tooDeep();
        }
        return switch (node.getNodeType()) {
            case OBJECT -> {
                Map<String, Json> members = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> member : node.properties()) {
                    members.put(text(member.getKey()), convert(member.getValue(), depth + 1));
                }
                yield new Json.Obj(members);
            }
            case ARRAY -> {
                List<Json> elements = new ArrayList<>(node.size());
                for (JsonNode element : node) {
                    elements.add(convert(element, depth + 1));
                }
                yield new Json.Arr(elements);
            }
            case STRING -> new Json.Str(text(node.textValue()));
            case NUMBER -> number(node);
            case BOOLEAN -> new Json.Bool(node.booleanValue());
            case NULL -> Json.NULL;
            default -> throw invalid("JSON schema contains a value that is not JSON: " + node.getNodeType());
        };
    }

    /** As nlohmann stores numbers: int64 if negative, uint64 if not, double if it fits neither or has a fraction. */
    private static Json number(JsonNode node) {
        if (node.isIntegralNumber()) {
            BigInteger value = node.bigIntegerValue();
            if (value.signum() < 0 && value.bitLength() <= 63) {
                return new Json.Int(value.longValue(), false);
            }
            if (value.signum() >= 0 && value.compareTo(TWO_64) < 0) {
                return new Json.Int(value.longValue(), true);
            }
            return real(value.doubleValue());
        }
        return real(node.doubleValue());
    }

    private static Json real(double value) {
        if (!Double.isFinite(value)) {
            throw invalid("JSON schema is not valid JSON: number overflow");
        }
        return new Json.Real(value);
    }

    private static String text(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw invalid("JSON schema is not valid JSON: a string holds an unpaired UTF-16 surrogate");
            }
        }
        return Utf8.bytes(value);
    }

    private static String where(JsonLocation location) {
        return location == null || location.getLineNr() < 1
                ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /** Jackson's message without the source excerpt it may append. */
    private static String firstSentence(JsonProcessingException e) {
        String message = String.valueOf(e.getOriginalMessage());
        int excerpt = message.indexOf(" (start marker at");
        return (excerpt < 0 ? message : message.substring(0, excerpt)).lines().findFirst().orElse("");
    }

    private static InvalidRequestException tooDeep() {
        return invalid("JSON schema is nested too deeply (more than " + MAX_DEPTH + " levels)");
    }

    private static InvalidRequestException invalid(String message) {
        return new InvalidRequestException(message, null);
    }
}
