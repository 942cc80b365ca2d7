package dev.kiln.tokenizer.decoder;

import java.util.List;

/** A tokenizer.json decoder step: rewrites the list of token strings (HF's decode_chain). */
@FunctionalInterface
public interface Decoder {
    List<String> decodeChain(List<String> tokens);
}
