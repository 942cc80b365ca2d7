package dev.kiln.clean.pii;

import static dev.kiln.core.util.Preconditions.checkArgument;

import dev.kiln.core.Document;
import dev.kiln.core.stage.DocumentStage;
import dev.kiln.core.stage.Outcome;
import dev.kiln.core.stage.Param;
import dev.kiln.core.stage.Redacting;
import dev.kiln.core.stage.StageInfo;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds personal data ({@link PiiDetector}) and replaces each piece with its tag ({@code <EMAIL>},
 * {@code <PHONE>}, {@code <ID_NUMBER>}, {@code <BANK_CARD>}, {@code <IP_ADDRESS>}). The spans go into
 * metadata as a list of {@code {"type", "start", "end", "value"}} over the original text, offsets
 * in Unicode code points ({@code text[start:end]} in Python), {@code end} exclusive. Every document
 * gets the list, empty when nothing was found. The stage counts {@code pii_<type>} per document kept.
 * The found text itself is written only with {@code record_values: true} (an explicit opt-in): by
 * default the output holds spans and types, never the values scrubbed. As a {@link Redacting} stage it
 * also scrubs what the run shows of documents elsewhere (report samples, quarantine excerpts).
 */
@StageInfo(name = "pii", description = "Replaces e-mail addresses, phone numbers, Chinese ID numbers, bank card numbers and IP addresses with tags like <EMAIL>; spans (code point offsets into the original text) go into metadata.")
public final class PiiStage implements DocumentStage, Redacting {
  private static final long serialVersionUID = 1L;

  public record Config(
      @Param(value = "kinds of personal data to find", defaultValue = "[email, phone, id_number, bank_card, ip_address]") List<PiiType> types,
      @Param(value = "replace each piece with its tag; false = only record the spans", defaultValue = "true") boolean replace,
      @Param(value = "metadata key of the span list", defaultValue = "pii") String key,
      @Param(value = "also record the found text as 'value' in each span: the output then holds the personal data it scrubbed (opt-in)", defaultValue = "false") boolean recordValues)
      implements java.io.Serializable {}

  private final Config config;
  private final PiiDetector detector;

  public PiiStage(Config config) {
    checkArgument(!config.types().isEmpty(), "types is empty: nothing to find");
    checkArgument(config.key() != null && !config.key().isBlank(), "key must be a metadata key");
    this.config = config;
    this.detector = new PiiDetector(java.util.EnumSet.copyOf(config.types()));
  }

  /** The text with every piece found replaced by its tag (as {@code apply} does; also when it only records spans). */
  @Override
  public String redact(String text) {
    List<PiiMatch> found = detector.find(text);
    if (found.isEmpty()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int copied = 0;
    for (PiiMatch m : found) {
      out.append(text, copied, m.start()).append(m.type().tag());
      copied = m.end();
    }
    return out.append(text, copied, text.length()).toString();
  }

  @Override
  public Outcome apply(Document doc) {
    String text = doc.text();
    List<PiiMatch> found = detector.find(text);
    List<Object> spans = new ArrayList<>(found.size());
    EnumMap<PiiType, Integer> counts = new EnumMap<>(PiiType.class);
    StringBuilder out = config.replace() && !found.isEmpty() ? new StringBuilder(text.length()) : null;
    int prev = 0; // UTF-16 index up to which code points are counted
    int prevCp = 0;
    int copied = 0;
    for (PiiMatch m : found) {
      int startCp = prevCp + text.codePointCount(prev, m.start());
      int endCp = startCp + text.codePointCount(m.start(), m.end());
      prev = m.end();
      prevCp = endCp;
      Map<String, Object> span = new LinkedHashMap<>();
      span.put("type", m.type().name());
      span.put("start", startCp);
      span.put("end", endCp);
      if (config.recordValues()) {
        span.put("value", m.value());
      }
      spans.add(span);
      counts.merge(m.type(), 1, Integer::sum);
      if (out != null) {
        out.append(text, copied, m.start()).append(m.type().tag());
        copied = m.end();
      }
    }
    Document d = doc;
    if (out != null) {
      out.append(text, copied, text.length());
      d = d.withText(out.toString());
    }
    Outcome o = Outcome.keep(d.withMeta(config.key(), spans));
    for (Map.Entry<PiiType, Integer> e : counts.entrySet()) {
      o = o.with("pii_" + e.getKey().name().toLowerCase(Locale.ROOT), e.getValue());
    }
    return o;
  }
}
