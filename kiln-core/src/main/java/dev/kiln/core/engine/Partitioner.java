package dev.kiln.core.engine;

import static dev.kiln.core.util.Preconditions.checkArgument;

import java.io.Serializable;

/** Which partition a key goes to; a pure function of the key. */
public interface Partitioner extends Serializable {
  int numPartitions();

  int partition(byte[] key);

  /** Spreads keys evenly by a hash of their bytes. */
  static Partitioner hash(int numPartitions) {
    return new HashPartitioner(numPartitions);
  }

  /**
   * Partition from the key's first 4 bytes read as a big-endian int, for keys that begin with the
   * partition they must land in (e.g. joining records back to their source partition).
   */
  static Partitioner byPrefix(int numPartitions) {
    return new PrefixPartitioner(numPartitions);
  }

  record HashPartitioner(int numPartitions) implements Partitioner {
    public HashPartitioner {
      checkArgument(numPartitions >= 1, "numPartitions must be >= 1, got " + numPartitions);
    }

    @Override
    public int partition(byte[] key) {
      return (int) Long.remainderUnsigned(dev.kiln.core.util.Hashing.hash64(key, 0, key.length, 0x9E3779B97F4A7C15L), numPartitions);
    }
  }

  record PrefixPartitioner(int numPartitions) implements Partitioner {
    @Override
    public int partition(byte[] key) {
      int p = ((key[0] & 0xff) << 24) | ((key[1] & 0xff) << 16) | ((key[2] & 0xff) << 8) | (key[3] & 0xff);
      if (p < 0 || p >= numPartitions) {
        throw new IllegalArgumentException("key prefix " + p + " is not a partition below " + numPartitions);
      }
      return p;
    }
  }
}
