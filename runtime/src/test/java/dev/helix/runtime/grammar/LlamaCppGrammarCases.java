package dev.helix.runtime.grammar;

import java.util.List;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Grammars llama.cpp b4916 accepts and rejects, for {@link GbnfValidatorTest}: each with where it comes from. Most
 * come from llama.cpp's own tests (tests/test-grammar-parser.cpp, tests/test-grammar-integration.cpp) and example
 * grammars (grammars/*.gbnf), https://github.com/ggml-org/llama.cpp, MIT License, Copyright (c) 2023-2024 The ggml
 * authors; the rest probe corners of the parser. Every outcome and message here was checked against the b4916
 * library inside the de.kherud:llama 4.2.0 jar, by calling its exported llama_grammar_init_impl from a small C++
 * program: where newer llama.cpp decides differently (tokens, "\-", repetition limits) b4916's answer is listed.
 */
final class LlamaCppGrammarCases {
    private LlamaCppGrammarCases() {}

    /** Source, grammar. */
    static final List<Arguments> ACCEPTED = List.of(
            Arguments.of("parser",
                    "root  ::= \"a\""),
            Arguments.of("parser",
                    "root  ::= \"a\" | [bdx-z] | [^1-3]"),
            Arguments.of("parser",
                    "root  ::= a+\n"
                    + "a     ::= \"a\""),
            Arguments.of("parser",
                    "root  ::= \"a\"+"),
            Arguments.of("parser",
                    "root  ::= a?\n"
                    + "a     ::= \"a\""),
            Arguments.of("parser",
                    "root  ::= \"a\"?"),
            Arguments.of("parser",
                    "root  ::= a*\n"
                    + "a     ::= \"a\""),
            Arguments.of("parser",
                    "root  ::= \"a\"*"),
            Arguments.of("parser",
                    "root  ::= \"a\"{2}"),
            Arguments.of("parser",
                    "root  ::= \"a\"{2,}"),
            Arguments.of("parser",
                    "root  ::= \"a\"{ 4}"),
            Arguments.of("parser",
                    "root  ::= \"a\"{2,4}"),
            Arguments.of("parser (newer llama.cpp also accepts)",
                    "root ::= \"a\"{0,5000}"),
            Arguments.of("parser (newer llama.cpp rejects: more than 2000 repetitions)",
                    "root ::= \"a\"{5000}"),
            Arguments.of("parser",
                    "\n"
                    + "        root  ::= (expr \"=\" term \"\\n\")+\n"
                    + "        expr  ::= term ([-+*/] term)*\n"
                    + "        term  ::= [0-9]+\n"
                    + "    "),
            Arguments.of("parser",
                    "\n"
                    + "        root  ::= (expr \"=\" ws term \"\\n\")+\n"
                    + "        expr  ::= term ([-+*/] term)*\n"
                    + "        term  ::= ident | num | \"(\" ws expr \")\" ws\n"
                    + "        ident ::= [a-z] [a-z0-9_]* ws\n"
                    + "        num   ::= [0-9]+ ws\n"
                    + "        ws    ::= [ \\t\\n]*\n"
                    + "    "),
            Arguments.of("integration: simple grammar",
                    "\n"
                    + "            root ::= expr\n"
                    + "            expr ::= term (\"+\" term)*\n"
                    + "            term ::= number\n"
                    + "            number ::= [0-9]+"),
            Arguments.of("integration: medium complexity",
                    "\n"
                    + "            root ::= expression\n"
                    + "            expression ::= term ws ((\"+\"|\"-\") ws term)*\n"
                    + "            term ::= factor ws ((\"*\"|\"/\") ws factor)*\n"
                    + "            factor ::= number | variable | \"(\" expression \")\" | function-call\n"
                    + "            number ::= [0-9]+\n"
                    + "            variable ::= [a-zA-Z_][a-zA-Z0-9_]*\n"
                    + "            function-call ::= variable ws \"(\" (expression (\",\" ws expression)*)? \")\"\n"
                    + "            ws ::= [ \\t\\n\\r]?"),
            Arguments.of("integration: special characters",
                    "\n"
                    + "            root ::= ... \"abc\" ...\n"
                    + "            "),
            Arguments.of("integration: * quantifier",
                    "root ::= \"a\"*"),
            Arguments.of("integration: + quantifier",
                    "root ::= \"a\"+"),
            Arguments.of("integration: ? quantifier",
                    "root ::= \"a\"?"),
            Arguments.of("integration: mixed quantifiers",
                    "\n"
                    + "            root ::= cons+ vowel* cons? (vowel cons)*\n"
                    + "            vowel ::= [aeiouy]\n"
                    + "            cons ::= [bcdfghjklmnpqrstvwxyz]\n"
                    + "            "),
            Arguments.of("integration: exact repetition",
                    "\n"
                    + "            root ::= [ab]{4}\n"
                    + "        "),
            Arguments.of("integration: min repetition",
                    "\n"
                    + "            root ::= [ab]{4,}\n"
                    + "        "),
            Arguments.of("integration: max repetition",
                    "\n"
                    + "            root ::= [ab]{0,4}\n"
                    + "        "),
            Arguments.of("integration: min / max repetition",
                    "\n"
                    + "            root ::= (\"0x\" [A-F0-9]{2} \" \"?){3,5}\n"
                    + "        "),
            Arguments.of("integration: missing root, with a root added",
                    "\n"
                    + "        rot ::= expr\n"
                    + "        expr ::= term (\"+\" term)*\n"
                    + "        term ::= number\n"
                    + "        number ::= [0-9]+\n"
                    + "        root ::= rot"),
            Arguments.of("grammars/json.gbnf",
                    "# Grammar for subset of JSON - doesn't support full string or number syntax\n"
                    + "\n"
                    + "root  ::= object\n"
                    + "value ::= object | array | string | number | boolean\n"
                    + "\n"
                    + "object ::=\n"
                    + "  \"{\" ws (\n"
                    + "            string \":\" ws value\n"
                    + "    (\",\" ws string \":\" ws value)*\n"
                    + "  )? \"}\"\n"
                    + "\n"
                    + "array  ::=\n"
                    + "  \"[\" ws (\n"
                    + "            value\n"
                    + "    (\",\" ws value)*\n"
                    + "  )? \"]\"\n"
                    + "\n"
                    + "string  ::=\n"
                    + "  \"\\\"\" (\n"
                    + "    [\\x20\\x21\\x23-\\x5b\\x5d-\\U0010FFFF] | # any code point except \" (\\x22) and \\ (\\x5c)\n"
                    + "    \"\\\\\" ([\"\\\\/bfnrt] | \"u\" [0-9a-fA-F] [0-9a-fA-F] [0-9a-fA-F] [0-9a-fA-F]) # escapes\n"
                    + "  )* \"\\\"\"\n"
                    + "\n"
                    + "# Only plain integers currently\n"
                    + "number  ::= \"-\"? [0-9]+ ws\n"
                    + "boolean ::= (\"true\" | \"false\") ws\n"
                    + "\n"
                    + "# Optional space: by convention, applied in this grammar after literal chars when allowed\n"
                    + "ws ::= ([ \\t\\n] ws)?\n"),
            Arguments.of("grammars/chess.gbnf",
                    "root    ::= \"1. \" move \" \" move \"\\n\" ([1-9] [0-9]? \". \" move \" \" move \"\\n\")+\n"
                    + "move    ::= (pawn | nonpawn | castle) [+#]?\n"
                    + "nonpawn ::= [NBKQR] [a-h]? [1-8]? \"x\"? [a-h] [1-8]\n"
                    + "pawn    ::= ([a-h] \"x\")? [a-h] [1-8] (\"=\" [NBKQR])?\n"
                    + "castle  ::= \"O-O\" \"-O\"?\n"),
            Arguments.of("grammars/japanese.gbnf",
                    "# A probably incorrect grammar for Japanese\n"
                    + "root        ::= jp-char+ ([ \\t\\n] jp-char+)*\n"
                    + "jp-char     ::= hiragana | katakana | punctuation | cjk\n"
                    + "hiragana    ::= [ぁ-ゟ]\n"
                    + "katakana    ::= [ァ-ヿ]\n"
                    + "punctuation ::= [、-〾]\n"
                    + "cjk         ::= [一-鿿]\n"),
            Arguments.of("no spaces",
                    "root::=\"a\""),
            Arguments.of("CRLF line ends, unused rule",
                    "root ::= \"a\"\r\n"
                    + "b ::= \"c\""),
            Arguments.of("line break inside a group",
                    "root ::= (\"a\"\n"
                    + "  | \"b\")"),
            Arguments.of("'-' before ']' is a plain character",
                    "root ::= [a-]"),
            Arguments.of("empty negated class",
                    "root ::= [^]"),
            Arguments.of("empty literal",
                    "root ::= \"\" | \"a\""),
            Arguments.of("empty rule",
                    "root ::= "),
            Arguments.of("all escapes",
                    "root ::= \"\\x41\\u00e9\\U0001F600\\t\\r\\n\\\\\\\"\\[\\]\""),
            Arguments.of("spaces in braces",
                    "root ::= \"a\"{ 2 , 3 }"),
            Arguments.of("count narrowed to int: {1}",
                    "root ::= \"a\"{4294967297}"),
            Arguments.of("counts narrowed to int",
                    "root ::= \"a\"{2147483648,2147483647}"),
            Arguments.of("right recursion",
                    "root ::= x\n"
                    + "x ::= \"a\" y\n"
                    + "y ::= x"),
            Arguments.of("redefinition replaces",
                    "root ::= \"a\"\n"
                    + "root ::= \"b\""),
            Arguments.of("comments",
                    "root ::= \"a\" # comment\n"
                    + "# another\n"),
            Arguments.of("text ends at NUL",
                    "root ::= \"a\"\0 junk after NUL"));

    /** Source, grammar, the start of llama.cpp's message. */
    static final List<Arguments> REJECTED = List.of(
            Arguments.of("parser",
                    "\n"
                    + "        root ::= \"a\"{,}\"\n"
                    + "    ",
                    "expecting an int"),
            Arguments.of("parser",
                    "\n"
                    + "        root ::= \"a\"{,10}\"\n"
                    + "    ",
                    "expecting an int"),
            Arguments.of("integration: missing root",
                    "\n"
                    + "        rot ::= expr\n"
                    + "        expr ::= term (\"+\" term)*\n"
                    + "        term ::= number\n"
                    + "        number ::= [0-9]+",
                    "grammar does not contain a 'root' symbol"),
            Arguments.of("integration: missing reference",
                    "root ::= expr\n"
                    + "        expr ::= term (\"+\" term)*\n"
                    + "        term ::= numero\n"
                    + "        number ::= [0-9]+",
                    "Undefined rule identifier 'numero'"),
            Arguments.of("integration: simple left recursion",
                    "root ::= \"a\" | root \"a\"",
                    "unsupported grammar, left recursion detected for nonterminal at index 0"),
            Arguments.of("integration: medium left recursion",
                    "\n"
                    + "        root ::= asdf\n"
                    + "        asdf ::= \"a\" | asdf \"a\"\n"
                    + "        ",
                    "unsupported grammar, left recursion detected for nonterminal at index 0"),
            Arguments.of("integration: hard left recursion",
                    "\n"
                    + "        root ::= asdf\n"
                    + "        asdf ::= \"a\" | foo \"b\"\n"
                    + "        foo ::= \"c\" | asdf \"d\" | \"e\"",
                    "unsupported grammar, left recursion detected for nonterminal at index 0"),
            Arguments.of("integration: hardest left recursion",
                    "\n"
                    + "        root ::= asdf\n"
                    + "        asdf ::= \"a\" | foo \"b\"\n"
                    + "        foo ::= \"c\" | empty asdf \"d\" | \"e\"\n"
                    + "        empty ::= \"blah\" | ",
                    "unsupported grammar, left recursion detected for nonterminal at index 0"),
            Arguments.of("parser: tokens (newer llama.cpp)",
                    "\n"
                    + "        root  ::= <[1000]> !<[1001]> <[1001]>\n"
                    + "    ",
                    "expecting newline or end"),
            Arguments.of("'\\-' (newer llama.cpp)",
                    "root ::= [\\-]",
                    "unknown escape"),
            Arguments.of("empty",
                    "",
                    "failed to parse grammar"),
            Arguments.of("no rules",
                    "# only a comment\n",
                    "failed to parse grammar"),
            Arguments.of("no root",
                    "a ::= \"b\"",
                    "grammar does not contain a 'root' symbol"),
            Arguments.of("unclosed group",
                    "root ::= (",
                    "expecting ')'"),
            Arguments.of("unclosed group",
                    "root ::= (\"a\" | \"b\"",
                    "expecting ')'"),
            Arguments.of("stray )",
                    "root ::= \"a\" )",
                    "expecting newline or end"),
            Arguments.of("unclosed literal",
                    "root ::= \"a",
                    "unexpected end of input"),
            Arguments.of("unclosed class",
                    "root ::= [a-z",
                    "unexpected end of input"),
            Arguments.of("unclosed range",
                    "root ::= [a-",
                    "unexpected end of input"),
            Arguments.of("backslash at end",
                    "root ::= \"\\",
                    "unknown escape"),
            Arguments.of("unknown escape",
                    "root ::= \"\\q\"",
                    "unknown escape"),
            Arguments.of("regex escape",
                    "root ::= \"\\d\"",
                    "unknown escape"),
            Arguments.of("short \\x",
                    "root ::= \"\\x4\"",
                    "expecting 2 hex chars"),
            Arguments.of("short \\u",
                    "root ::= \"\\u00e\"",
                    "expecting 4 hex chars"),
            Arguments.of("alternative on the next line",
                    "root ::= \"a\"\n"
                    + "  | \"b\"",
                    "expecting name"),
            Arguments.of("wrong operator",
                    "root := \"a\"",
                    "expecting ::="),
            Arguments.of("single quotes",
                    "root ::= 'a'",
                    "expecting newline or end"),
            Arguments.of("underscore in a name",
                    "root_1 ::= \"a\"",
                    "expecting ::="),
            Arguments.of("nothing to repeat",
                    "root ::= *",
                    "expecting preceding item to */+/?/{"),
            Arguments.of("empty literal repeated",
                    "root ::= \"\"*",
                    "expecting preceding item to */+/?/{"),
            Arguments.of("empty class repeated",
                    "root ::= []+",
                    "expecting preceding item to */+/?/{"),
            Arguments.of("missing comma",
                    "root ::= \"a\"{2 3}",
                    "expecting ','"),
            Arguments.of("unclosed braces",
                    "root ::= \"a\"{2,3",
                    "expecting '}'"),
            Arguments.of("negative count",
                    "root ::= \"a\"{-1}",
                    "expecting an int"),
            Arguments.of("negative maximum",
                    "root ::= \"a\"{0,-1}",
                    "expecting '}'"),
            Arguments.of("count beyond 64 bits",
                    "root ::= \"a\"{99999999999999999999999}",
                    "stoul"),
            Arguments.of("undefined",
                    "root ::= x",
                    "Undefined rule identifier 'x'"),
            Arguments.of("undefined, only used inside a repetition",
                    "root ::= x*",
                    "Undefined rule"),
            Arguments.of("cycle of rules",
                    "root ::= x\n"
                    + "x ::= y\n"
                    + "y ::= x",
                    "unsupported grammar, left recursion detected for nonterminal at index 0"),
            Arguments.of("repeated optional",
                    "root ::= \"a\"?*",
                    "unsupported grammar, left recursion detected for nonterminal at index 0"),
            Arguments.of("repeated repetition",
                    "root ::= \"a\"**",
                    "unsupported grammar, left recursion detected for nonterminal at index 0"),
            Arguments.of("not from root",
                    "root ::= \"x\" a\n"
                    + "a ::= b \"y\"\n"
                    + "b ::= | c\n"
                    + "c ::= a",
                    "unsupported grammar, left recursion detected for nonterminal at index 1"));
}
