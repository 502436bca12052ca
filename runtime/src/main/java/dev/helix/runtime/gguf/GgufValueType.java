package dev.helix.runtime.gguf;

/**
 * The type of a GGUF metadata value, with the id the file format stores for it.
 *
 * <p>Integers of every width are surfaced as {@link Long} and floats as {@link Double} by
 * {@link GgufReader}; {@link #specName()} keeps the exact stored type (e.g. "uint32") for display.
 */
public enum GgufValueType {
    UINT8(0, 1),
    INT8(1, 1),
    UINT16(2, 2),
    INT16(3, 2),
    UINT32(4, 4),
    INT32(5, 4),
    FLOAT32(6, 4),
    BOOL(7, 1),
    /** uint64 length followed by that many UTF-8 bytes. */
    STRING(8, -1),
    /** uint32 element type, uint64 length, then the elements. */
    ARRAY(9, -1),
    UINT64(10, 8),
    INT64(11, 8),
    FLOAT64(12, 8);

    private static final GgufValueType[] BY_ID = values();

    private final int id;
    private final int size;

    GgufValueType(int id, int size) {
        this.id = id;
        this.size = size;
    }

    /** The id stored in the file. */
    public int id() {
        return id;
    }

    /** Bytes one value of this type occupies, or -1 for the variable-length string and array types. */
    public int fixedSize() {
        return size;
    }

    /** The lower-case name the GGUF specification uses, e.g. "uint32", "float32", "string". */
    public String specName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The type with the given stored id, or null when the id is unknown. */
    public static GgufValueType byId(long id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[(int) id] : null;
    }
}
