package dev.kiln.pipeline.profile;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Comparator;
import java.util.TreeMap;

/**
 * One document sampled for the report's viewer: id, drop reason (null when kept) and detail (e.g. a
 * kept twin), length in code points (-1 when unknown), an excerpt of its text, and its labels and
 * measured values.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SampledDoc(long hash, String id, String reason, String detail, long chars, String text, TreeMap<String, Object> meta)
    implements BottomK.Item<SampledDoc> {
  private static final Comparator<SampledDoc> ORDER = Comparator.comparingLong(SampledDoc::hash).thenComparing(SampledDoc::id)
      .thenComparing(d -> String.valueOf(d.reason)).thenComparing(d -> String.valueOf(d.detail))
      .thenComparing(d -> String.valueOf(d.text)).thenComparing(d -> d.meta.toString());

  @Override
  public int compareTo(SampledDoc o) {
    return ORDER.compare(this, o);
  }
}
