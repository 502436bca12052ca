package dev.helix.benchmarks.load;

import dev.helix.provider.ChatMessage;
import dev.helix.provider.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The fixed conversations the benchmarks send. Every request index gets its own prompt, different from its first
 * words on, so a server's prompt cache cannot answer one request from another's; the same index always gives the
 * same prompt, so runs (and the in-process baseline) see exactly the same work.
 */
public final class Prompts {
    /** Words that are single tokens in the generated models' vocabulary and common in real ones. */
    private static final String[] WORDS = ("the of and to a in is you that it he was for on are as with his they at "
            + "be this have from or one had by word but not what all were we when your can said there use an each "
            + "which she do how their if will up other about out many then them these so some her would make like "
            + "him into time has look two more write go see number no way could people my than first water been "
            + "call who its now find long down day did get come made may part over new sound take only little work "
            + "know place year live me back give most very after thing our just name good sentence man think say "
            + "great where help through much before line right too mean old any same tell boy follow came want show "
            + "also around form three small set put end does another well large must big even such because turn "
            + "here why ask went men read need land different home us move try kind hand picture again change off "
            + "play spell air away animal house point page letter mother answer found study still learn should "
            + "world story friend cat dog sun tree girl").split(" ");
    /** Tokens per generated word in the generated models' vocabulary (words, spaces and full stops), measured. */
    private static final double TOKENS_PER_WORD = 1.4;
    private static final String STORY = "Once upon a time there was a little cat who lived in a big house near "
            + "the sea. Tell me what happened to the cat one day, in simple words.";

    private Prompts() {}

    /** A short story request; index {@code i} is part of the first words. */
    public static List<ChatMessage> story(int i) {
        return List.of(new ChatMessage(Role.USER, "Story " + i + ". " + STORY));
    }

    /** The same user text for every request: what a server with a prompt cache answers fastest. */
    public static List<ChatMessage> fixed(String text) {
        return List.of(new ChatMessage(Role.USER, text));
    }

    /**
     * The history of a conversation of about {@code tokens} tokens (system message, then user and assistant turns
     * of about 60 words each), different for each {@code conversation} from its first words, followed by a user
     * question: the first turn of a multi-turn chat.
     */
    public static List<ChatMessage> conversation(int conversation, int tokens) {
        var random = new SplittableRandom(7919L * conversation + 1);
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(new ChatMessage(Role.SYSTEM, "Conversation " + conversation + ". You are a helpful assistant."));
        int words = (int) Math.round(tokens / TOKENS_PER_WORD);
        boolean user = true;
        for (int written = 0; written < words; written += 60) {
            messages.add(new ChatMessage(user ? Role.USER : Role.ASSISTANT, sentences(random, Math.min(60, words - written))));
            user = !user;
        }
        if (!user) {
            messages.add(new ChatMessage(Role.ASSISTANT, sentences(random, 12)));
        }
        messages.add(new ChatMessage(Role.USER, "Please tell me a short story about all of this."));
        return messages;
    }

    /** The next turn: the conversation so far, the answer it got, and one more short question. */
    public static List<ChatMessage> nextTurn(List<ChatMessage> conversation, String answer) {
        List<ChatMessage> messages = new ArrayList<>(conversation);
        messages.add(new ChatMessage(Role.ASSISTANT, answer));
        messages.add(new ChatMessage(Role.USER, "Thank you. What happened next?"));
        return messages;
    }

    private static String sentences(SplittableRandom random, int words) {
        var text = new StringBuilder();
        int inSentence = 0;
        int length = 8 + random.nextInt(8);
        for (int w = 0; w < words; w++) {
            String word = WORDS[random.nextInt(WORDS.length)];
            if (inSentence == 0) {
                text.append(Character.toUpperCase(word.charAt(0))).append(word, 1, word.length());
            } else {
                text.append(' ').append(word);
            }
            if (++inSentence == length || w == words - 1) {
                text.append(w == words - 1 ? "." : ". ");
                inSentence = 0;
                length = 8 + random.nextInt(8);
            }
        }
        return text.toString();
    }
}
