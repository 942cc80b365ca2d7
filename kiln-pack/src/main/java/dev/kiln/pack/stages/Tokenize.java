package dev.kiln.pack.stages;

import static dev.kiln.core.util.Preconditions.checkArgument;

import dev.kiln.core.Document;
import dev.kiln.core.stage.DocumentStage;
import dev.kiln.core.stage.Outcome;
import dev.kiln.core.stage.Param;
import dev.kiln.core.stage.StageInfo;
import dev.kiln.pack.TokenIds;
import dev.kiln.pack.Tokenizers;
import dev.kiln.tokenizer.Tokenizer;

/**
 * Encodes each document with a Hugging Face tokenizer.json (as ordinary text: special-token
 * strings inside a document are split out as HF does, but no post-processor template is applied),
 * then adds BOS and EOS ids as configured. The ids go into metadata ({@link TokenIds}), the count
 * into metadata {@code tokens} and the stage's {@code tokens} counter.
 */
@StageInfo(name = "tokenize", description = "Encodes documents with a tokenizer.json; adds BOS/EOS; token ids and counts into metadata and stats.")
public final class Tokenize implements DocumentStage {
  private static final long serialVersionUID = 1L;

  public record Config(
      @Param(value = "path of a Hugging Face tokenizer.json (or its directory)", path = true) String tokenizer,
      @Param(value = "prepend the BOS token to every document", defaultValue = "false") boolean bos,
      @Param(value = "append the EOS (document separator) token to every document", defaultValue = "true") boolean eos,
      @Param(value = "BOS token ('' = the tokenizer's: <|begin_of_text|>, <s>, ...)", defaultValue = "''") String bosToken,
      @Param(value = "EOS token ('' = the tokenizer's: <|end_of_text|>, <|endoftext|>, </s>, ...)", defaultValue = "''") String eosToken)
      implements java.io.Serializable {}

  private final Config config;
  private final int bosId;
  private final int eosId;
  private transient Tokenizer tok;

  public Tokenize(Config config) {
    this.config = config;
    Tokenizer t = Tokenizers.load(config.tokenizer());
    bosId = config.bos() ? Tokenizers.bos(t, config.bosToken()) : -1;
    eosId = config.eos() ? Tokenizers.eos(t, config.eosToken()) : -1;
    checkArgument(!config.bos() || bosId >= 0, "bos: true, but the tokenizer has no BOS token; name one with bos_token");
    checkArgument(!config.eos() || eosId >= 0, "eos: true, but the tokenizer has no known EOS token; name one with eos_token");
    tok = t;
  }

  private Tokenizer tokenizer() {
    Tokenizer t = tok;
    if (t == null) {
      t = Tokenizers.load(config.tokenizer());
      tok = t;
    }
    return t;
  }

  /** The ids a document's text becomes, with BOS/EOS as configured. */
  public int[] encode(String text) {
    int[] body = tokenizer().encode(text);
    int extra = (bosId >= 0 ? 1 : 0) + (eosId >= 0 ? 1 : 0);
    if (extra == 0) {
      return body;
    }
    int[] ids = new int[body.length + extra];
    int k = 0;
    if (bosId >= 0) {
      ids[k++] = bosId;
    }
    System.arraycopy(body, 0, ids, k, body.length);
    if (eosId >= 0) {
      ids[ids.length - 1] = eosId;
    }
    return ids;
  }

  @Override
  public Outcome apply(Document doc) {
    int[] ids = encode(doc.text());
    return Outcome.keep(TokenIds.with(doc, ids)).with("tokens", ids.length);
  }
}
