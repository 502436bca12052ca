package dev.helix.runtime.template;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The functions llama.cpp's template engine (minja) gives chat templates beyond Jinja's own, as Jinjava function
 * definitions (static, stateless): {@code raise_exception(message)} and {@code strftime_now(format)}.
 */
public final class TemplateFunctions {

    private TemplateFunctions() {
    }

    /** Thrown by {@code raise_exception}: the template refuses the conversation. */
    public static final class TemplateRefusal extends RuntimeException {
        TemplateRefusal(String message) {
            super(message);
        }
    }

    /** {@code raise_exception(message)}. */
    public static String raiseException(String message) {
        throw new TemplateRefusal(message);
    }

    /** {@code strftime_now(format)}: the local time now, as minja gives it ({@code std::strftime}). */
    public static String strftimeNow(String format) {
        return strftime(LocalDateTime.now(), format);
    }

    /** C's {@code strftime} for the conversions chat templates use (C locale). */
    static String strftime(LocalDateTime time, String format) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 == format.length()) {
                out.append(c);
                continue;
            }
            char conversion = format.charAt(++i);
            out.append(switch (conversion) {
                case 'd' -> pattern(time, "dd");
                case 'e' -> String.format(Locale.ROOT, "%2d", time.getDayOfMonth());
                case 'm' -> pattern(time, "MM");
                case 'b', 'h' -> pattern(time, "MMM");
                case 'B' -> pattern(time, "MMMM");
                case 'y' -> pattern(time, "yy");
                case 'Y' -> pattern(time, "yyyy");
                case 'a' -> pattern(time, "EEE");
                case 'A' -> pattern(time, "EEEE");
                case 'H' -> pattern(time, "HH");
                case 'I' -> pattern(time, "hh");
                case 'M' -> pattern(time, "mm");
                case 'S' -> pattern(time, "ss");
                case 'p' -> pattern(time, "a").toUpperCase(Locale.ROOT);
                case 'j' -> pattern(time, "DDD");
                case 'F' -> pattern(time, "yyyy-MM-dd");
                case 'T' -> pattern(time, "HH:mm:ss");
                case '%' -> "%";
                default -> "%" + conversion;
            });
        }
        return out.toString();
    }

    private static String pattern(LocalDateTime time, String pattern) {
        return time.format(DateTimeFormatter.ofPattern(pattern, Locale.ENGLISH));
    }
}
