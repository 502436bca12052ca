package dev.helix.runtime.gguf;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A SentencePiece-style vocabulary for generated llama models, laid out like Llama 2's: {@code <unk>} (0,
 * unknown), {@code <s>} (1, control), {@code </s>} (2, control), the 256 byte tokens {@code <0x00>}..{@code
 * <0xFF>} (3..258, byte), then the ChatML control tokens {@code <|im_start|>} and {@code <|im_end|>} (259,
 * 260), then normal pieces: "▁", single characters, common English words as "▁word" with every prefix
 * ("▁w", "▁wo", ...) so that llama.cpp's score-ordered pair merging can build them, then generated syllable
 * words with their prefixes until the requested size. Scores fall with position, so earlier pieces win
 * merges. Every token is unique; byte tokens make every text encodable.
 *
 * @param tokens token texts, by id
 * @param scores merge scores, by id
 * @param types  llama token types, by id: 1 normal, 2 unknown, 3 control, 6 byte
 */
record SyntheticVocabulary(List<String> tokens, float[] scores, int[] types) {

    static final int UNKNOWN_ID = 0;
    static final int BOS_ID = 1;
    static final int EOS_ID = 2;
    static final String IM_START = "<|im_start|>";
    static final String IM_END = "<|im_end|>";
    static final int NORMAL = 1;
    static final int UNKNOWN = 2;
    static final int CONTROL = 3;
    static final int BYTE = 6;
    /** Special, byte and ChatML tokens, plus at least "▁". */
    static final int MIN_SIZE = 3 + 256 + 2 + 1;

    private static final String SPACE = "\u2581";
    private static final String CHARACTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
            + ".,!?'\":;-()[]{}/\\_*#@&%$+=<>|~`^";
    private static final String WORDS = """
            the of and to a in is you that it he was for on are as with his they I at be this have from or one \
            had by word but not what all were we when your can said there use an each which she do how their if \
            will up other about out many then them these so some her would make like him into time has look two \
            more write go see number no way could people my than first water been call who its now find long \
            down day did get come made may part over new sound take only little work know place year live me \
            back give most very after thing our just name good sentence man think say great where help through \
            much before line right too mean old any same tell boy follow came want show also around form three \
            small set put end does another well large must big even such because turn here why ask went men \
            read need land different home us move try kind hand picture again change off play spell air away \
            animal house point page letter mother answer found study still learn should world hello yes please \
            thank thanks story once upon happy friend cat dog sun tree girl question model user assistant system \
            json true false null value list text data code test file error true
            The I A It This What How Hello Once You We He She They In My Yes No Please Thank Sure Here
            """;
    private static final String SUFFIXES = "s es ed ing er ly est ion tion ness ment able ful less 's n't";
    private static final String[] ONSETS = {"b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s",
        "t", "v", "w", "y", "z", "ch", "sh", "th", "st", "tr", "pl", "br"};
    private static final String[] VOWELS = {"a", "e", "i", "o", "u", "ea", "ou", "ai"};

    /** Builds a vocabulary of exactly {@code size} tokens. */
    static SyntheticVocabulary of(int size) {
        if (size < MIN_SIZE) {
            throw new IllegalArgumentException("vocabulary size " + size + " is below the minimum " + MIN_SIZE);
        }
        List<String> tokens = new ArrayList<>(size);
        tokens.add("<unk>");
        tokens.add("<s>");
        tokens.add("</s>");
        for (int b = 0; b < 256; b++) {
            tokens.add(String.format("<0x%02X>", b));
        }
        tokens.add(IM_START);
        tokens.add(IM_END);
        int fixed = tokens.size();
        Pieces pieces = new Pieces(size - fixed, Set.copyOf(tokens));
        pieces.add(SPACE);
        CHARACTERS.codePoints().forEach(c -> pieces.add(Character.toString(c)));
        for (String word : WORDS.split("\\s+")) {
            pieces.addWithPrefixes(SPACE + word);
        }
        for (String suffix : SUFFIXES.split(" ")) {
            pieces.addWithPrefixes(suffix);
        }
        for (int syllables = 1; !pieces.full(); syllables++) {
            generateWords(pieces, "", syllables);
        }
        tokens.addAll(pieces.added);
        float[] scores = new float[size];
        int[] types = new int[size];
        types[UNKNOWN_ID] = UNKNOWN;
        types[BOS_ID] = CONTROL;
        types[EOS_ID] = CONTROL;
        for (int i = 3; i < 3 + 256; i++) {
            types[i] = BYTE;
        }
        types[fixed - 2] = CONTROL;
        types[fixed - 1] = CONTROL;
        for (int i = fixed; i < size; i++) {
            types[i] = NORMAL;
            scores[i] = -(i - fixed);
        }
        return new SyntheticVocabulary(List.copyOf(tokens), scores, types);
    }

    /**
     * This vocabulary with Gemma's names for its special tokens, as Gemma's chat templates write them: {@code <bos>},
     * {@code <eos>}, {@code <start_of_turn>} and {@code <end_of_turn>} where {@code <s>}, {@code </s>},
     * {@code <|im_start|>} and {@code <|im_end|>} were (same ids, same control type). llama.cpp takes a token named
     * {@code <end_of_turn>} for the end of a turn, so generation stops there as on a real Gemma.
     */
    SyntheticVocabulary withGemmaNames() {
        List<String> renamed = new ArrayList<>(tokens);
        renamed.set(BOS_ID, "<bos>");
        renamed.set(EOS_ID, "<eos>");
        renamed.set(tokens.indexOf(IM_START), "<start_of_turn>");
        renamed.set(tokens.indexOf(IM_END), "<end_of_turn>");
        return new SyntheticVocabulary(List.copyOf(renamed), scores, types);
    }

    /** All words of the given syllable count, "▁"-prefixed and plain, in a fixed order, until full. */
    private static void generateWords(Pieces pieces, String stem, int syllables) {
        for (String onset : ONSETS) {
            for (String vowel : VOWELS) {
                if (pieces.full()) {
                    return;
                }
                String word = stem + onset + vowel;
                if (syllables == 1) {
                    pieces.addWithPrefixes(SPACE + word);
                    pieces.addWithPrefixes(word);
                } else {
                    generateWords(pieces, word, syllables - 1);
                }
            }
        }
    }

    /** Unique normal pieces in insertion order, up to a capacity. */
    private static final class Pieces {
        final Set<String> added = new LinkedHashSet<>();
        private final int capacity;
        private final Set<String> reserved;

        Pieces(int capacity, Set<String> reserved) {
            this.capacity = capacity;
            this.reserved = reserved;
        }

        boolean full() {
            return added.size() >= capacity;
        }

        void add(String piece) {
            if (!full() && !reserved.contains(piece)) {
                added.add(piece);
            }
        }

        void addWithPrefixes(String piece) {
            int start = piece.startsWith(SPACE) ? SPACE.length() + 1 : 1;
            for (int end = start; end <= piece.length(); end++) {
                add(piece.substring(0, end));
            }
        }
    }

    /** This vocabulary as a SentencePiece ("llama") tokenizer, BOS added, and the chat template if there is one. */
    void writeKeys(GgufWriter writer, String chatTemplate) {
        writer.putString("tokenizer.ggml.model", "llama")
                .putStringArray("tokenizer.ggml.tokens", tokens())
                .putFloat32Array("tokenizer.ggml.scores", scores())
                .putInt32Array("tokenizer.ggml.token_type", types())
                .putUint32("tokenizer.ggml.bos_token_id", BOS_ID)
                .putUint32("tokenizer.ggml.eos_token_id", EOS_ID)
                .putUint32("tokenizer.ggml.unknown_token_id", UNKNOWN_ID)
                .putBool("tokenizer.ggml.add_bos_token", true);
        if (chatTemplate != null) {
            writer.putString("tokenizer.chat_template", chatTemplate);
        }
    }
}
