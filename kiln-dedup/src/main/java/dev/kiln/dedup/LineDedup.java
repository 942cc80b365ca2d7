package dev.kiln.dedup;

import static dev.kiln.core.util.Preconditions.checkArgument;

import dev.kiln.core.Document;
import dev.kiln.core.engine.Dataset;
import dev.kiln.core.engine.KV;
import dev.kiln.core.engine.KeyedDataset;
import dev.kiln.core.engine.Partitioner;
import dev.kiln.core.engine.Positions;
import dev.kiln.core.stage.GlobalStage;
import dev.kiln.core.stage.Param;
import dev.kiln.core.stage.StageContext;
import dev.kiln.core.stage.StageInfo;
import dev.kiln.core.util.Hashing;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * CCNet-style boilerplate removal: a line (or paragraph) whose normalized form occurs in the
 * corpus more than {@code max_repeats} times is removed from every document but the first that has
 * it (in input order). Normalization folds case, maps digits to 0 and ignores punctuation and
 * spacing, so "Page 3 of 10" and "page 4 of 12" are the same line. Lines shorter than
 * {@code min_chars} after normalization are never removed. A document left blank is dropped.
 *
 * <p>Phases: key every unit by a 128-bit hash of its normalized form; group by hash and mark all
 * but the first occurrence of units seen too often; group the marks by document; cut and join back.
 */
@StageInfo(name = "line_dedup", description = "Removes lines or paragraphs repeated across the corpus more than max_repeats times, keeping the first occurrence (CCNet).")
public final class LineDedup implements GlobalStage {
  private static final long serialVersionUID = 1L;

  public enum Unit {
    LINES,
    PARAGRAPHS
  }

  public record Config(
      @Param(value = "what is compared: lines or paragraphs (separated by blank lines)", defaultValue = "lines") Unit unit,
      @Param(value = "occurrences in the corpus a unit may have before its later copies are removed", defaultValue = "1") int maxRepeats,
      @Param(value = "units shorter than this (normalized characters) are never removed", defaultValue = "10") int minChars)
      implements java.io.Serializable {}

  private final Config config;

  public LineDedup(Config config) {
    checkArgument(config.maxRepeats() >= 1, "max_repeats must be >= 1, got " + config.maxRepeats());
    this.config = config;
  }

  @Override
  public Dataset<Document> apply(Dataset<Document> docs, StageContext ctx) {
    String stage = ctx.stageName();
    Units units = config.unit() == Unit.LINES ? Units.LINES : Units.PARAGRAPHS;
    int minChars = config.minChars();
    int max = config.maxRepeats();
    Partitioner part = Partitioner.hash(ctx.shufflePartitions());
    Dataset<Document> stored = docs.checkpoint();
    Dataset<KV<byte[]>> keyed = Positions.keyed(stored).flatMap((kv, out, tc) -> {
      String text = kv.value().text();
      int[] b = units.bounds(text);
      for (int i = 0; i < units.count(b); i++) {
        String norm = normalize(units.unit(text, b, i));
        if (norm.length() >= minChars) {
          byte[] bytes = norm.getBytes(StandardCharsets.UTF_8);
          long[] h = Hashing.hash128(bytes, 0, bytes.length, 0);
          out.emit(new KV<>(ByteBuffer.allocate(16).putLong(h[0]).putLong(h[1]).array(),
              ByteBuffer.allocate(Keys.POS + 4).put(kv.key()).putInt(i).array()));
        }
      }
    }, KV.codec(Keys.fixed(Keys.POS + 4)));
    // Occurrences come in input order: hold the first max+1, then every later one is a repeat.
    Dataset<KV<byte[]>> marks = KeyedDataset.of(keyed).groupByKey(part, (hash, occ, out, tc) -> {
      List<byte[]> held = new ArrayList<>();
      while (occ.hasNext()) {
        byte[] o = occ.next();
        if (held.size() <= max) {
          held.add(o);
          if (held.size() == max + 1) {
            tc.stats(stage).add("repeated_units", 1);
            for (int i = 1; i < held.size(); i++) {
              out.emit(split(held.get(i)));
            }
          }
        } else {
          out.emit(split(o));
        }
      }
    }, KV.codec(Keys.fixed(4)));
    Dataset<KV<Decision>> cuts = KeyedDataset.of(marks).groupByKey(part, (pos, idx, out, tc) -> {
      List<Integer> ranges = new ArrayList<>();
      long n = 0;
      while (idx.hasNext()) {
        int i = ByteBuffer.wrap(idx.next()).getInt();
        n++;
        if (!ranges.isEmpty() && ranges.get(ranges.size() - 1) >= i) {
          ranges.set(ranges.size() - 1, Math.max(i + 1, ranges.get(ranges.size() - 1)));
        } else {
          ranges.add(i);
          ranges.add(i + 1);
        }
      }
      tc.stats(stage).add("units_removed", n);
      out.emit(new KV<>(pos, Decision.cut(units, ranges.stream().mapToInt(Integer::intValue).toArray(), "all_units_repeated")));
    }, KV.codec(Decision.CODEC));
    return Decision.apply(stored, cuts, stage);
  }

  private static KV<byte[]> split(byte[] occurrence) {
    return new KV<>(Keys.slice(occurrence, 0, Keys.POS), Keys.slice(occurrence, Keys.POS, 4));
  }

  /** Case folded, digits as 0, letters and digits only, single spaces between words. */
  static String normalize(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    boolean space = false;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isDigit(cp)) {
        cp = '0';
      }
      if (Character.isLetterOrDigit(cp)) {
        if (space && sb.length() > 0) {
          sb.append(' ');
        }
        space = false;
        sb.appendCodePoint(Character.toLowerCase(cp));
      } else if (Character.isWhitespace(cp)) {
        space = true;
      }
    }
    return sb.toString();
  }
}
