package dev.helix.runtime.gguf;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * llama.cpp's {@code llama_ftype} ("general.file_type") values and the names Ollama shows for them
 * ({@code details.quantization_level}), plus llama.cpp's guess when a file has no file type.
 */
final class FileTypes {

    /** Name per llama_ftype value; null where the value was removed from llama.cpp. */
    private static final List<String> NAMES = java.util.Arrays.asList(
            "F32", "F16", "Q4_0", "Q4_1", null, null, null, "Q8_0", "Q5_0", "Q5_1",      // 0..9
            "Q2_K", "Q3_K_S", "Q3_K_M", "Q3_K_L", "Q4_K_S", "Q4_K_M", "Q5_K_S", "Q5_K_M", // 10..17
            "Q6_K", "IQ2_XXS", "IQ2_XS", "Q2_K_S", "IQ3_XS", "IQ3_XXS", "IQ1_S", "IQ4_NL", // 18..25
            "IQ3_S", "IQ3_M", "IQ2_S", "IQ2_M", "IQ4_XS", "IQ1_M", "BF16", null, null, null, // 26..35
            "TQ1_0", "TQ2_0", "MXFP4");                                                    // 36..38

    static final String UNKNOWN = "unknown";

    /** The llama_ftype llama.cpp assumes for a file whose most common tensor type is the key. */
    private static final Map<GgmlType, Integer> GUESS = new EnumMap<>(Map.ofEntries(
            Map.entry(GgmlType.F32, 0), Map.entry(GgmlType.F16, 1), Map.entry(GgmlType.BF16, 32),
            Map.entry(GgmlType.Q4_0, 2), Map.entry(GgmlType.Q4_1, 3), Map.entry(GgmlType.Q5_0, 8),
            Map.entry(GgmlType.Q5_1, 9), Map.entry(GgmlType.Q8_0, 7), Map.entry(GgmlType.Q2_K, 10),
            Map.entry(GgmlType.Q3_K, 12), Map.entry(GgmlType.Q4_K, 15), Map.entry(GgmlType.Q5_K, 17),
            Map.entry(GgmlType.Q6_K, 18), Map.entry(GgmlType.TQ1_0, 36), Map.entry(GgmlType.TQ2_0, 37),
            Map.entry(GgmlType.IQ2_XXS, 19), Map.entry(GgmlType.IQ2_XS, 20), Map.entry(GgmlType.IQ2_S, 28),
            Map.entry(GgmlType.IQ3_XXS, 23), Map.entry(GgmlType.IQ1_S, 24), Map.entry(GgmlType.IQ1_M, 31),
            Map.entry(GgmlType.IQ4_NL, 25), Map.entry(GgmlType.IQ4_XS, 30), Map.entry(GgmlType.IQ3_S, 26),
            Map.entry(GgmlType.MXFP4, 38)));

    private FileTypes() {
    }

    /** The name of a llama_ftype value, e.g. 15 → "Q4_K_M"; "unknown" for values llama.cpp does not define. */
    static String name(long fileType) {
        if (fileType >= 0 && fileType < NAMES.size() && NAMES.get((int) fileType) != null) {
            return NAMES.get((int) fileType);
        }
        return UNKNOWN;
    }

    /**
     * What llama.cpp reports for a file without {@code general.file_type}: the file type of the tensor type
     * that most tensors have (ties go to the lower type id), e.g. all-F32 → "F32". "unknown" without tensors.
     */
    static String guess(List<GgufTensorInfo> tensors) {
        Map<GgmlType, Integer> counts = new EnumMap<>(GgmlType.class);
        for (GgufTensorInfo t : tensors) {
            counts.merge(t.type(), 1, Integer::sum);
        }
        GgmlType best = null;
        int bestCount = 0;
        for (Map.Entry<GgmlType, Integer> e : counts.entrySet()) {
            if (e.getValue() > bestCount) {
                best = e.getKey();
                bestCount = e.getValue();
            }
        }
        Integer fileType = best == null ? null : GUESS.get(best);
        return fileType == null ? UNKNOWN : name(fileType);
    }
}
