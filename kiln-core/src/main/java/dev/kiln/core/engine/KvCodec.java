package dev.kiln.core.engine;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Codec of {@link KV}; engines recognise it to shuffle keys and values without re-encoding. */
public record KvCodec<V>(Codec<V> valueCodec) implements Codec<KV<V>> {
  @Override
  public void write(KV<V> kv, DataOutput out) throws IOException {
    Codecs.writeBytes(out, kv.key());
    valueCodec.write(kv.value(), out);
  }

  @Override
  public KV<V> read(DataInput in) throws IOException {
    byte[] key = Codecs.readBytes(in);
    return new KV<>(key, valueCodec.read(in));
  }
}
