package dev.helix.runtime.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.exptest.IsIterableExpTest;

/**
 * {@code is iterable} as Jinja and minja answer it: a string is iterable too. Jinjava's says no, and Llama 3.x's
 * template writes a tool's answer as {@code tojson} when {@code message.content is iterable}, a JSON string in
 * llama.cpp where Jinjava would write the text bare.
 */
final class IterableTest extends IsIterableExpTest {

    @Override
    public boolean evaluate(Object var, JinjavaInterpreter interpreter, Object... args) {
        return var instanceof CharSequence || super.evaluate(var, interpreter, args);
    }
}
