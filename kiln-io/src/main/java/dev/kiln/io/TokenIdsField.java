package dev.kiln.io;

import static dev.kiln.core.util.Preconditions.checkArgument;

import java.util.Arrays;
import java.util.Base64;

/**
 * How token ids appear in JSONL: the field {@value #NAME}, a string of base64 (no padding) over the
 * ids as LEB128 varints (about 3.6 characters a token for a 128k vocabulary). {@link ShardWriter}
 * writes a tokenized document's ids so; {@link JsonFormat} reads them back into the document's slot.
 */
public final class TokenIdsField {
  public static final String NAME = "token_ids";

  private TokenIdsField() {}

  public static String encode(int[] ids) {
    byte[] buf = new byte[ids.length * 5];
    int n = 0;
    for (int v : ids) {
      while ((v & ~0x7F) != 0) {
        buf[n++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      buf[n++] = (byte) v;
    }
    return Base64.getEncoder().withoutPadding().encodeToString(n == buf.length ? buf : Arrays.copyOf(buf, n));
  }

  public static int[] decode(String s) {
    byte[] b = Base64.getDecoder().decode(s);
    int[] out = new int[b.length];
    int n = 0;
    int v = 0;
    int shift = 0;
    for (byte x : b) {
      v |= (x & 0x7F) << shift;
      if (x >= 0) {
        out[n++] = v;
        v = 0;
        shift = 0;
      } else {
        shift += 7;
      }
    }
    checkArgument(shift == 0, "truncated token ids");
    return Arrays.copyOf(out, n);
  }
}
