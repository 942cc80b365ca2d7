package dev.kiln.tokenizer;

/**
 * A tokenizer.json that cannot be loaded: malformed, or using a component Kiln does not support.
 * The message names the component and the file.
 */
public class TokenizerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TokenizerException(String message) {
        super(message);
    }

    public TokenizerException(String message, Throwable cause) {
        super(message, cause);
    }
}
