package dev.kiln.dedup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast paths of the shingle and fingerprint layouts agree with the plain definitions. */
class KeysTest {
  @Test
  void longsAreWrittenAsDataOutputWritesThem() throws IOException {
    Random r = new Random(7);
    for (int n : new int[] {0, 1, 5, 1000}) {
      long[] v = r.longs(n).toArray();
      ByteArrayOutputStream bulk = new ByteArrayOutputStream();
      Keys.writeLongs(new DataOutputStream(bulk), v);
      ByteArrayOutputStream plain = new ByteArrayOutputStream();
      DataOutputStream p = new DataOutputStream(plain);
      dev.kiln.core.engine.Codecs.writeVarInt(p, n);
      for (long x : v) {
        p.writeLong(x);
      }
      assertArrayEquals(plain.toByteArray(), bulk.toByteArray(), n + " longs");
      assertArrayEquals(v, Keys.readLongs(new DataInputStream(new ByteArrayInputStream(bulk.toByteArray()))));
    }
  }

  @Test
  void cjkTableAgreesWithUnicodeScripts() {
    for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
      if (Shingles.isCjk(cp) != Shingles.scriptIsCjk(cp)) {
        assertEquals(Shingles.scriptIsCjk(cp), Shingles.isCjk(cp), "U+" + Integer.toHexString(cp));
      }
    }
  }
}
