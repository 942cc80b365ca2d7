package dev.kiln.pack.stages;

import static dev.kiln.core.util.Preconditions.checkArgument;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One mixture: target shares of tokens by the value of a metadata key, a token budget, an
 * up-sampling cap, an optional boost for documents scoring at least a threshold, and the order of
 * the result. A curriculum is a list of them, one per named stage.
 *
 * @param name stage label written to every chosen document's metadata {@code stage} ("" for none)
 * @param key metadata key whose values the weights name (e.g. source, lang, domain)
 * @param weights share per value; a key may list several values ({@code "medical,legal"}), which then
 *     share one target; {@code "*"} stands for every value not named; values neither named nor
 *     covered by "*" are left out
 * @param totalTokens token budget of the mixture; 0 = the largest the caps allow
 * @param maxEpochs most times a document may be used (a fraction allows partial up-sampling)
 * @param boostKey metadata key of a score (e.g. quality); "" for none
 * @param boostAbove documents scoring at least this are boosted
 * @param boost how much more likely a boosted document is chosen than another of its value
 * @param order shuffle, ascending or descending (by {@code scoreKey})
 * @param scoreKey metadata key ordered by
 */
public record MixSpec(String name, String key, Map<String, Double> weights, long totalTokens, double maxEpochs,
    String boostKey, double boostAbove, double boost, String order, String scoreKey) implements java.io.Serializable {
  public static final String OTHERS = "*";

  public MixSpec {
    weights = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(weights));
    checkArgument(!weights.isEmpty(), "a mix needs weights, e.g. {zh: 0.4, en: 0.4, code: 0.2}");
    for (Map.Entry<String, Double> e : weights.entrySet()) {
      checkArgument(e.getValue() != null && e.getValue() >= 0, "weight of '" + e.getKey() + "' must be >= 0");
    }
    checkArgument(weights.values().stream().mapToDouble(Double::doubleValue).sum() > 0, "weights must not all be 0");
    checkArgument(maxEpochs > 0, "max_epochs must be > 0");
    checkArgument(totalTokens >= 0, "total_tokens must be >= 0");
    checkArgument(boost > 0, "boost must be > 0");
    order = order.toLowerCase(Locale.ROOT);
    checkArgument(List.of("shuffle", "ascending", "descending").contains(order), "order is shuffle, ascending or descending, got '" + order + "'");
    checkArgument(order.equals("shuffle") || !scoreKey.isEmpty(), "order " + order + " needs score_key");
  }

  /** The weight group a metadata value falls in, or null when the mix leaves it out. */
  public String group(String value) {
    if (weights.containsKey(value)) {
      return value;
    }
    for (String k : weights.keySet()) {
      if (k.indexOf(',') >= 0 && List.of(k.split(",")).stream().map(String::strip).anyMatch(value::equals)) {
        return k;
      }
    }
    return weights.containsKey(OTHERS) ? OTHERS : null;
  }

  /** Share of a group: its weight over the sum. */
  public double share(String group) {
    double sum = weights.values().stream().mapToDouble(Double::doubleValue).sum();
    return weights.getOrDefault(group, 0.0) / sum;
  }

  /** A curriculum stage from recipe values, with defaults from the enclosing stage. */
  @SuppressWarnings("unchecked")
  static MixSpec fromMap(Map<String, Object> m, String defaultKey) {
    Map<String, Double> w = new LinkedHashMap<>();
    Object weights = m.get("weights");
    if (!(weights instanceof Map<?, ?> wm)) {
      throw new IllegalArgumentException("curriculum stage " + m.get("name") + " needs weights: {value: share, ...}");
    }
    wm.forEach((k, v) -> {
      if (!(v instanceof Number n)) {
        throw new IllegalArgumentException("weight of '" + k + "' must be a number");
      }
      w.put(String.valueOf(k), n.doubleValue());
    });
    for (String k : m.keySet()) {
      checkArgument(List.of("name", "key", "weights", "total_tokens", "max_epochs", "boost_key", "boost_above", "boost", "order", "score_key").contains(k), "unknown key '" + k + "' in a curriculum stage");
    }
    Object name = m.get("name");
    checkArgument(name != null, "every curriculum stage needs a name");
    return new MixSpec(name.toString(), str(m, "key", defaultKey), w, num(m, "total_tokens", 0).longValue(), num(m, "max_epochs", 1).doubleValue(),
        str(m, "boost_key", ""), num(m, "boost_above", 0).doubleValue(), num(m, "boost", 1).doubleValue(),
        str(m, "order", "shuffle"), str(m, "score_key", ""));
  }

  private static String str(Map<String, Object> m, String k, String d) {
    Object v = m.get(k);
    return v == null ? d : v.toString();
  }

  private static Number num(Map<String, Object> m, String k, Number d) {
    Object v = m.get(k);
    if (v == null) {
      return d;
    }
    if (!(v instanceof Number n)) {
      throw new IllegalArgumentException(k + " must be a number, got " + v);
    }
    return n;
  }
}
