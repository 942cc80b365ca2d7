package dev.kiln.pack.stages;

import static dev.kiln.core.util.Preconditions.checkArgument;

import dev.kiln.core.Document;
import dev.kiln.core.stage.DocumentStage;
import dev.kiln.core.stage.Outcome;
import dev.kiln.core.stage.Param;
import dev.kiln.core.stage.StageInfo;
import dev.kiln.core.util.Hashing;
import dev.kiln.pack.TokenIds;
import dev.kiln.pack.Tokenizers;
import dev.kiln.tokenizer.Tokenizer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Fill-in-the-middle for tokenized documents, as StarCoder and Code Llama train: with probability
 * {@code rate} a document's content (between its BOS and EOS, if any) is cut at two uniformly random
 * token positions into prefix, middle and suffix and rearranged, in PSM order
 * ({@code <PRE> prefix <SUF> suffix <MID> middle}) or, with probability {@code spm_rate}, SPM order
 * ({@code <PRE> <SUF> suffix <MID> prefix middle}). Cuts fall between tokens, so every id is kept
 * and only the three sentinels are added. The draw is seeded by the document id, so it is the same
 * on every run and engine. Apply it to code only with {@code by: lang, overrides: {code: {rate: 0.5}}}.
 */
@StageInfo(name = "fim", description = "Fill-in-the-middle (PSM/SPM at configurable rates) on tokenized documents, with the tokenizer's FIM sentinels.")
public final class Fim implements DocumentStage {
  private static final long serialVersionUID = 1L;

  public record Config(
      @Param(value = "path of the tokenizer.json the documents were tokenized with (for the sentinel ids)", path = true) String tokenizer,
      @Param(value = "share of documents turned into FIM examples", defaultValue = "0.5") double rate,
      @Param(value = "share of FIM examples in SPM rather than PSM order", defaultValue = "0.5") double spmRate,
      @Param(value = "sentinel tokens [prefix, suffix, middle] ([] = the tokenizer's: <|fim_prefix|>..., <fim_prefix>..., <PRE>...)", defaultValue = "[]") List<String> sentinels,
      @Param(value = "seed of the per-document draws", defaultValue = "0") long seed)
      implements java.io.Serializable {}

  private final Config config;
  private final int pre;
  private final int suf;
  private final int mid;
  private final int bos;
  private final int eos;

  public Fim(Config config) {
    checkArgument(config.rate() >= 0 && config.rate() <= 1 && config.spmRate() >= 0 && config.spmRate() <= 1, "rate and spm_rate are shares in [0, 1]");
    this.config = config;
    Tokenizer t = Tokenizers.load(config.tokenizer());
    int[] s = Tokenizers.fim(t, config.sentinels());
    checkArgument(s != null, "the tokenizer has no FIM sentinel tokens; name them with sentinels: [prefix, suffix, middle]");
    pre = s[0];
    suf = s[1];
    mid = s[2];
    bos = Tokenizers.bos(t, "");
    eos = Tokenizers.eos(t, "");
  }

  /** Sentinel ids: prefix, suffix, middle. */
  public int[] sentinels() {
    return new int[] {pre, suf, mid};
  }

  @Override
  public Outcome apply(Document doc) {
    byte[] id = doc.id().getBytes(StandardCharsets.UTF_8);
    SplittableRandom r = new SplittableRandom(Hashing.hash64(id, 0, id.length, config.seed() ^ 0x46494dL));
    if (r.nextDouble() >= config.rate()) {
      return Outcome.keep(doc);
    }
    int[] ids = TokenIds.of(doc);
    int start = ids.length > 0 && ids[0] == bos && bos >= 0 ? 1 : 0;
    int end = ids.length > start && ids[ids.length - 1] == eos && eos >= 0 ? ids.length - 1 : ids.length;
    int n = end - start;
    int a = r.nextInt(n + 1);
    int b = r.nextInt(n + 1);
    int lo = start + Math.min(a, b);
    int hi = start + Math.max(a, b);
    boolean spm = r.nextDouble() < config.spmRate();
    int[] out = new int[ids.length + 3];
    int k = 0;
    for (int i = 0; i < start; i++) {
      out[k++] = ids[i];
    }
    out[k++] = pre;
    if (spm) {
      out[k++] = suf;
      k = copy(ids, hi, end, out, k);
      out[k++] = mid;
      k = copy(ids, start, lo, out, k);
      k = copy(ids, lo, hi, out, k);
    } else {
      k = copy(ids, start, lo, out, k);
      out[k++] = suf;
      k = copy(ids, hi, end, out, k);
      out[k++] = mid;
      k = copy(ids, lo, hi, out, k);
    }
    for (int i = end; i < ids.length; i++) {
      out[k++] = ids[i];
    }
    return Outcome.keep(TokenIds.with(doc, out).withMeta("fim", spm ? "spm" : "psm")).with(spm ? "spm" : "psm", 1);
  }

  private static int copy(int[] src, int from, int to, int[] dst, int at) {
    System.arraycopy(src, from, dst, at, to - from);
    return at + to - from;
  }
}
