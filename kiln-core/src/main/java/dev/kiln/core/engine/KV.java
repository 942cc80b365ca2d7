package dev.kiln.core.engine;

import java.util.Arrays;
import java.util.HexFormat;

/** A keyed record for {@link Dataset#group}: keys are bytes, ordered unsigned, so engines agree. */
public record KV<V>(byte[] key, V value) {
  public static <V> Codec<KV<V>> codec(Codec<V> valueCodec) {
    return new KvCodec<>(valueCodec);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KV<?> kv && Arrays.equals(key, kv.key) && java.util.Objects.equals(value, kv.value);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(key) * 31 + java.util.Objects.hashCode(value);
  }

  @Override
  public String toString() {
    return "KV{" + HexFormat.of().formatHex(key) + "=" + value + "}";
  }
}
