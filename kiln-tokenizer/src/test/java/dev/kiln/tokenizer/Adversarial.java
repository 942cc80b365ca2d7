package dev.kiln.tokenizer;

import java.util.ArrayList;
import java.util.List;

/** Inputs that tokenizer ports most often get wrong. */
final class Adversarial {
    private Adversarial() {}

    static List<String> cases() {
        List<String> c = new ArrayList<>(List.of(
                "", " ", "  ", "\t", "\n", "\r\n", " \n ", "\n\n\n", "\t\t \t", "   \u00A0 \u3000 \u2028 \u0085 ",
                "a  b   c    d     e", "line one\r\nline two\r\n\r\n  indented\r\n", "tab\tseparated\tvalues\t\n",
                "trailing spaces   ", "   leading spaces", " x", "x ", "\n x\n", "  \n  x",
                "0 12 345 6789 01234 567890 1234567 12345678 123456789 1234567890123 3.14159 1,000,000",
                "٠١٢٣٤٥٦٧٨٩ ①②③ ½ ⅓ Ⅻ ⁴²", "version 2.0.1-rc3, x86_64, 0xDEADBEEF",
                "👨‍👩‍👧‍👦 family 👍🏽 thumbs 🏳️‍🌈 flag 🇫🇷 🧑🏿‍💻 e\u0301 n\u0303 a\u0308\u0304 Z\u0351\u0352\u0353",
                "e\u0301te\u0301 cafe\u0301 Å Å ﬁ ﬃ ℌ ① ㌀ Ǆ ǅ", "中文English混合Text漢字かなカナ한국어ไทย",
                "日本語のテキストです。これはテストです！", "مرحبا بالعالم! שלום עולם. سلام 123 عربي",
                "Русский текст, Ελληνικά, Ἀθῆναι, ǅemal, İstanbul, ΣΊΣΥΦΟΣ", "It's I'M they're WE'VE you'll he'd 'S 'T 'Re it'ſ x'K",
                "don't can't won't y'all o'clock rock'n'roll '' ''' ' s",
                "<|endoftext|> <s> </s> <unk> [CLS] [SEP] [MASK] [PAD] <|begin_of_text|> <|im_start|>user\nhi<|im_end|>",
                "text<|endoftext|>more<s>inside</s><|end_of_text|><|eot_id|>", "<|endoftext|>", "<s>", " <s> ",
                "<|im_start|><|im_end|><think></think>", "<<|endoftext|>> <|endoftext", "<|im_start|>system\nYou are\n<|im_end|>",
                "public static void main(String[] args) {\n\tSystem.out.println(\"hi\");\n}\n",
                "def f(x):\n    return x**2  # comment\n\n\nclass A:\n\tpass\n", "<div class=\"a\">&nbsp;&amp;</div>",
                "http://example.com/path?q=1&r=2#frag user@example.org", "$$\\frac{a}{b}$$ ∑∫∂√∞ ≤≥≠ →⇒",
                "\u200B\u200C\u200D\uFEFF zero\u200Bwidth", "\u0000\u0001\u001F\u007F control", "\uFFFD replacement \uFFFE",
                "ſ ß ẞ ﬆ ǰ ŉ", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝟘𝟙𝟚 𠀀𠀁 𩸽", "ab\uD83D\uDE00cd", "Việt Nam tiếng Việt Nguyễn",
                "'s's's 'll've're", "!!!???... ,,, ;;; ---- ____ ==== ****", "a\u0300\u0301\u0302\u0303\u0304\u0305\u0306",
                "🙂🙃🙂🙃🙂🙃🙂🙃🙂🙃🙂🙃🙂🙃🙂🙃🙂🙃🙂🙃", "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞß"));
        // unassigned and recently assigned code points, private use, format characters
        c.add("a\uFFFEb a\uFFFFb a\u0378b a\u0870b a\uE000b a\u0600b a\u00ADb \uD83E\uDEE8 \uD83E\uDD7A \uD880\uDC00 \uD884\uDF50x");
        c.add(" ".repeat(1000));
        c.add("\n".repeat(300) + "x" + "\t".repeat(300));
        c.add(" \n".repeat(200));
        c.add("9".repeat(1001));
        c.add("ab".repeat(2000));
        c.add("a".repeat(1 << 20)); // a single 1 MB word
        c.add("\u4e2d".repeat(3000));
        c.add("\u2581".repeat(50) + " x " + "\u2581\u2581");
        return c;
    }
}
