package dev.kiln.tokenizer.normalizer;

import dev.kiln.tokenizer.text.Chars;

/** BERT's normalizer: control-character cleanup, spaces around CJK, accent stripping, lowercase. */
record BertNormalizer(boolean cleanText, boolean handleChineseChars, Boolean stripAccents, boolean lowercase)
        implements Normalizer {

    @Override
    public String normalize(String text) {
        if (cleanText || handleChineseChars) {
            StringBuilder out = new StringBuilder(text.length() + 16);
            for (int i = 0; i < text.length(); ) {
                int cp = text.codePointAt(i);
                i += Character.charCount(cp);
                if (cleanText) {
                    if (cp == 0 || cp == 0xFFFD || isControl(cp)) {
                        continue;
                    }
                    if (cp == '\t' || cp == '\n' || cp == '\r' || Chars.isWhitespace(cp)) {
                        cp = ' ';
                    }
                }
                if (handleChineseChars && isChinese(cp)) {
                    out.append(' ').appendCodePoint(cp).append(' ');
                } else {
                    out.appendCodePoint(cp);
                }
            }
            text = out.toString();
        }
        if (stripAccents == null ? lowercase : stripAccents) {
            text = StripAccents.apply(java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFD));
        }
        return lowercase ? Lowercase.apply(text) : text;
    }

    private static boolean isControl(int cp) {
        return cp != '\t' && cp != '\n' && cp != '\r' && Chars.isOther(cp);
    }

    private static boolean isChinese(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF)
                || (cp >= 0x20000 && cp <= 0x2A6DF) || (cp >= 0x2A700 && cp <= 0x2B73F)
                || (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B920 && cp <= 0x2CEAF)
                || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }
}
