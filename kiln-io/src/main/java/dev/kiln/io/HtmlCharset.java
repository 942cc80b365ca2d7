package dev.kiln.io;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mozilla.universalchardet.UniversalDetector;

/**
 * The character set of an HTML payload, in the order browsers use: a byte order mark, the HTTP
 * {@code Content-Type} charset, a {@code <meta charset>} or {@code http-equiv} declaration in the
 * first bytes, then sniffing: valid UTF-8 is UTF-8, otherwise Mozilla's universal detector
 * (juniversalchardet: GB18030, Big5, Shift_JIS, EUC-KR, KOI8-R, windows-125x ...), otherwise
 * windows-1252. Legacy labels map to their modern supersets (gb2312 and gbk to GB18030, latin-1 and
 * ascii to windows-1252), as the WHATWG encoding standard does.
 */
final class HtmlCharset {
  private HtmlCharset() {}

  /** Where the charset came from: bom, http, meta, utf8 (valid UTF-8), sniffed, default. */
  record Detected(Charset charset, String source, int bomLength) {
    String decode(byte[] b) {
      try {
        return charset.newDecoder().onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE)
            .decode(ByteBuffer.wrap(b, bomLength, b.length - bomLength)).toString();
      } catch (CharacterCodingException e) {
        throw new IllegalStateException(e); // cannot happen with REPLACE
      }
    }
  }

  private static final int PRESCAN = 4096;
  private static final Pattern META = Pattern.compile(
      "<meta\\b[^>]*?charset\\s*=\\s*[\"']?\\s*([A-Za-z0-9_.:-]+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern HEADER = Pattern.compile("charset\\s*=\\s*[\"']?([A-Za-z0-9_.:-]+)", Pattern.CASE_INSENSITIVE);
  private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

  static Detected detect(byte[] b, String contentType) {
    if (b.length >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF) {
      return new Detected(StandardCharsets.UTF_8, "bom", 3);
    }
    if (b.length >= 2 && (b[0] & 0xff) == 0xFE && (b[1] & 0xff) == 0xFF) {
      return new Detected(StandardCharsets.UTF_16BE, "bom", 2);
    }
    if (b.length >= 2 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xFE) {
      return new Detected(StandardCharsets.UTF_16LE, "bom", 2);
    }
    Charset http = charset(declared(contentType), null);
    if (http != null) {
      return new Detected(http, "http", 0);
    }
    Matcher m = META.matcher(new String(b, 0, Math.min(b.length, PRESCAN), StandardCharsets.ISO_8859_1));
    if (m.find()) {
      Charset meta = charset(m.group(1), null);
      // A page that declares UTF-16 in ASCII bytes is not UTF-16 (the HTML standard says UTF-8).
      if (meta != null) {
        return new Detected(meta.name().startsWith("UTF-16") ? StandardCharsets.UTF_8 : meta, "meta", 0);
      }
    }
    if (isUtf8(b)) {
      return new Detected(StandardCharsets.UTF_8, "utf8", 0);
    }
    UniversalDetector d = new UniversalDetector();
    d.handleData(b, 0, Math.min(b.length, 1 << 16));
    d.dataEnd();
    Charset sniffed = charset(d.getDetectedCharset(), null);
    return sniffed != null ? new Detected(sniffed, "sniffed", 0) : new Detected(WINDOWS_1252, "default", 0);
  }

  /** The charset parameter of a Content-Type value, or null. */
  static String declared(String contentType) {
    if (contentType == null) {
      return null;
    }
    Matcher m = HEADER.matcher(contentType);
    return m.find() ? m.group(1) : null;
  }

  /** A charset by label, with the WHATWG supersets for legacy labels; {@code orElse} when unknown. */
  static Charset charset(String label, Charset orElse) {
    if (label == null) {
      return orElse;
    }
    String l = label.trim().toLowerCase(Locale.ROOT);
    switch (l) {
      case "gb2312", "gbk", "x-gbk", "gb_2312-80", "chinese", "csgb2312", "iso-ir-58":
        l = "gb18030";
        break;
      case "iso-8859-1", "latin1", "l1", "us-ascii", "ascii", "iso8859-1", "cp819", "ansi_x3.4-1968":
        l = "windows-1252";
        break;
      case "big5":
        l = "big5-hkscs";
        break;
      default:
        break;
    }
    try {
      return Charset.isSupported(l) ? Charset.forName(l) : orElse;
    } catch (IllegalArgumentException e) {
      return orElse;
    }
  }

  static boolean isUtf8(byte[] b) {
    try {
      StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
