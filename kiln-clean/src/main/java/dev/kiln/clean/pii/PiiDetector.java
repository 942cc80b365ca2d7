package dev.kiln.clean.pii;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds e-mail addresses, phone numbers, Chinese resident ID numbers, bank card numbers and IP
 * addresses in text: a pattern proposes a candidate, a validator (checksum, date, number plan) and
 * the context decide. Stateless and thread-safe.
 *
 * <p>Rules that keep look-alikes out:
 * <ul>
 *   <li>No candidate starts or ends inside a longer run of letters or digits (a phone number in a
 *       20-digit run, an IP in {@code 1.3.6.1.4.1}), or right after {@code + - . / # =} where that
 *       would make it part of another token.</li>
 *   <li>Phone and card numbers right after an order/invoice/tracking/serial/ticket label (English
 *       or Chinese, e.g. {@code Order #}, {@code 订单号：}) are left alone.</li>
 *   <li>Bank cards: 13-19 digits, plain or in groups (first group of 4, one kind of separator),
 *       Luhn-valid, and an issuer prefix of a card network (3, 4, 5, 6, or 2221-2720), so dates,
 *       timestamps and Luhn-failing numbers stay.</li>
 *   <li>ID numbers: 18 characters, region code starting 1-8, a real birth date 1900-2099, ISO 7064
 *       MOD 11-2 check character.</li>
 *   <li>IPv4: four octets 0-255 without leading zeros, not part of a longer dotted run; a quad right
 *       after a version word ({@code version}, {@code v}, {@code release}, {@code build},
 *       {@code kernel}, {@code Mozilla/}, {@code 版本}...) or followed by {@code -rc}, {@code -beta}...
 *       is a version string, not an address. Without such context a quad is an address.</li>
 *   <li>IPv6: eight groups, or fewer with one {@code ::} and at least one decimal digit (so
 *       {@code std::}, {@code Foo::bar}, times and MAC addresses are not addresses), optional
 *       dotted IPv4 tail; a zone ({@code %eth0}) and a prefix length stay outside the span.</li>
 *   <li>Overlaps: the longest candidate wins (an e-mail {@code 13812345678@163.com} is one
 *       e-mail, not a phone inside one); on equal spans ID number beats bank card beats phone.</li>
 * </ul>
 */
public final class PiiDetector implements Serializable {
  private static final long serialVersionUID = 1L;

  private final EnumSet<PiiType> types;

  public PiiDetector(Set<PiiType> types) {
    this.types = types.isEmpty() ? EnumSet.noneOf(PiiType.class) : EnumSet.copyOf(types);
  }

  public static PiiDetector all() {
    return new PiiDetector(EnumSet.allOf(PiiType.class));
  }

  // ------------------------------------------------------------------ patterns

  private static final Pattern EMAIL = Pattern.compile(
      "(?<![A-Za-z0-9_.%+\\-])[A-Za-z0-9_%+\\-](?:[A-Za-z0-9_.%+\\-]{0,62}[A-Za-z0-9_%+\\-])?"
          + "@((?:[A-Za-z0-9](?:[A-Za-z0-9\\-]{0,61}[A-Za-z0-9])?\\.)+([A-Za-z]{2,24}))(?![A-Za-z0-9_]|[.\\-][A-Za-z0-9])");
  /** Top-level "domains" that are really file extensions ({@code icon@2x.png}). */
  private static final Set<String> FILE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "ico", "css", "js",
      "ts", "html", "htm", "php", "json", "xml", "txt", "pdf", "md", "py", "java", "rb", "go", "rs", "yaml", "yml", "map");

  /** Left boundary for numbers: not inside a word or number, not after a sign, separator, path or anchor character. */
  private static final String NUM_LEFT = "(?<![A-Za-z0-9_+\\-.,/#=&%$])";
  /** Right boundary for numbers: no letter or digit follows, nor a separator and a digit. */
  private static final String NUM_RIGHT = "(?![A-Za-z0-9_]|[.,\\-/:]\\d)";

  private static final Pattern CN_MOBILE = Pattern.compile(NUM_LEFT
      + "(?:(?:\\+|00)86[ \\-]?|\\(\\+?86\\)[ \\-]?)?1[3-9]\\d(?:[ \\-]?\\d{4}){2}" + NUM_RIGHT);
  private static final Pattern INTERNATIONAL = Pattern.compile("(?<![A-Za-z0-9_+])"
      + "\\+[1-9]\\d{0,2}(?:[ \\-.]?(?:\\(\\d{1,5}\\)|\\d{1,5})){1,6}" + NUM_RIGHT);
  private static final Pattern NANP = Pattern.compile(NUM_LEFT
      + "(?:1[ \\-.])?(?:\\([2-9]\\d{2}\\) ?[2-9]\\d{2}[ \\-.]\\d{4}|[2-9]\\d{2}([\\-.])[2-9]\\d{2}\\1\\d{4})" + NUM_RIGHT);
  /** {@code +999999999-12-31} is a date (java.time's LocalDate.MAX), not a number. */
  private static final Pattern DATE_TAIL = Pattern.compile("-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\\d|3[01])$");
  private static final Pattern CN_LANDLINE = Pattern.compile(NUM_LEFT
      + "(?:\\(0\\d{2,3}\\) ?|0\\d{2,3}-)[2-9]\\d{6,7}(?:-\\d{1,5})?" + NUM_RIGHT);

  /** The phone patterns, and the digits in the shortest match of each (INTERNATIONAL also needs its plus). */
  private static final Pattern[] PHONES = {CN_MOBILE, INTERNATIONAL, NANP, CN_LANDLINE};
  private static final int[] PHONE_MIN_DIGITS = {11, 2, 10, 10};

  private static final Pattern ID_NUMBER = Pattern.compile("(?<![A-Za-z0-9_+\\-.])"
      + "[1-8]\\d{5} ?(?:19|20)\\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01]) ?\\d{3}[0-9Xx](?![A-Za-z0-9_]|[.\\-]\\d)");

  private static final Pattern BANK_CARD = Pattern.compile(NUM_LEFT
      + "(?:\\d{13,19}|\\d{4}([ \\-])\\d{3,6}(?:\\1\\d{3,6}){1,3})" + NUM_RIGHT);

  private static final String OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
  private static final Pattern IPV4 = Pattern.compile("(?<![A-Za-z0-9_.])" + OCTET + "(?:\\." + OCTET + "){3}(?![A-Za-z0-9_]|\\.\\d)");
  private static final Pattern IPV4_STRICT = Pattern.compile(OCTET + "(?:\\." + OCTET + "){3}");

  /** A label right before a number that makes it an order, invoice, tracking... number. */
  private static final Pattern ORDER_CONTEXT = Pattern.compile(
      "(?<![a-z])(?:order|invoice|tracking|shipment|parcel|serial|isbn|sku|ticket|case|ref|reference|transaction|txn|batch|confirmation"
          + "|booking|receipt|timestamp|epoch|time|ts|total|size|bytes|count|length|offset|sector|block|inode|pid"
          + "|订单|单号|编号|运单|快递|工单|流水号|序列号|发票|交易号|时间戳)"
          + "(?:\\s*(?:no\\.?|nr\\.?|number|num|id|code|#|号|号码|编号))?\\s*[:：#.]?\\s*#?\\s*$");
  /** Words after which a dotted quad is a version, not an address. */
  private static final Pattern VERSION_CONTEXT = Pattern.compile(
      "(?:(?<![a-z])(?:v|ver\\.?|version|release|rel\\.?|build|kernel|linux|firmware|fw|patch|update|revision|rev\\.?|sdk|python"
          + "|java|jdk|perl|ruby|node|gcc|glibc|openssl|chrome|firefox|windows|android|ios|section|sections|chapter|clause"
          + "|step|figure|table|appendix|jls|jvms|rfc|oid|spec|specification|posix|ieee|acpi|iso|ecma|itu|as of)"
          + "|§|版本号?|[a-z][a-z0-9_-]*/)\\s*[:：=]?\\s*$");
  private static final Pattern VERSION_SUFFIX = Pattern.compile(
      "^-(?:rc|alpha|beta|pre|dev|snapshot|final|release|stable|ubuntu|debian|deb|el\\d|fc\\d|generic|git|build)", Pattern.CASE_INSENSITIVE);

  private static final int CONTEXT_WINDOW = 32;

  // ------------------------------------------------------------------ detection

  /**
   * Every piece of personal data of the enabled types, sorted by position, non-overlapping.
   *
   * <p>The patterns never scan the whole text: e-mail patterns run around each '@', IPv6 around
   * runs of hex digits and colons, and the number patterns on "islands", maximal runs of digits and
   * the characters numbers are written with ({@code space - . ( ) + x X}) that hold a digit. Bounds
   * are transparent, so the boundary look-arounds still see the text around.
   */
  public List<PiiMatch> find(String text) {
    List<PiiMatch> cands = new ArrayList<>();
    if (types.contains(PiiType.EMAIL) && text.indexOf('@') >= 0) {
      emails(text, cands);
    }
    boolean numbers = types.contains(PiiType.ID_NUMBER) || types.contains(PiiType.BANK_CARD) || types.contains(PiiType.PHONE)
        || types.contains(PiiType.IP_ADDRESS);
    if (numbers) {
      Islands is = null; // made at the first island with a digit: most texts have none
      int n = text.length();
      int i = 0;
      while (i < n) {
        if (!island(text.charAt(i))) {
          i++;
          continue;
        }
        int s = i;
        int digits = 0;
        int dots = 0;
        boolean plus = false;
        while (i < n && island(text.charAt(i))) {
          char c = text.charAt(i);
          if (c >= '0' && c <= '9') {
            digits++;
          } else if (c == '.') {
            dots++;
          } else if (c == '+') {
            plus = true;
          }
          i++;
        }
        if (digits > 0) {
          if (is == null) {
            is = new Islands(text);
          }
          is.scan(s, i, digits, dots, plus, cands);
        }
      }
      if (types.contains(PiiType.IP_ADDRESS) && is != null && text.indexOf(':') >= 0) {
        ipv6(text, cands);
      }
    }
    return resolve(cands);
  }

  private static final boolean[] ISLAND = new boolean[128];

  static {
    for (char c : "0123456789 -.()+xX".toCharArray()) {
      ISLAND[c] = true;
    }
  }

  private static boolean island(char c) {
    return c < 128 && ISLAND[c];
  }

  /** The number patterns of one text, each matcher reused island after island. */
  private final class Islands {
    final String text;
    final Matcher id;
    final Matcher card;
    final Matcher[] phone;
    final Matcher ip;

    Islands(String text) {
      this.text = text;
      id = types.contains(PiiType.ID_NUMBER) ? matcher(ID_NUMBER) : null;
      card = types.contains(PiiType.BANK_CARD) ? matcher(BANK_CARD) : null;
      phone = types.contains(PiiType.PHONE)
          ? phoneMatchers() : null;
      ip = types.contains(PiiType.IP_ADDRESS) ? matcher(IPV4) : null;
    }

    private Matcher[] phoneMatchers() {
      Matcher[] m = new Matcher[PHONES.length];
      for (int k = 0; k < m.length; k++) {
        m[k] = matcher(PHONES[k]);
      }
      return m;
    }

    private Matcher matcher(Pattern p) {
      return p.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
    }

    // A pattern runs only on islands with at least as many digits (dots, a plus) as its shortest
    // match has: most islands are a year or a small number, and the regexes are the cost here.
    void scan(int start, int end, int digits, int dots, boolean plus, List<PiiMatch> out) {
      if (id != null && digits >= 17) {
        idNumbers(text, id.region(start, end), out);
      }
      if (card != null && digits >= 13) {
        bankCards(text, card.region(start, end), out);
      }
      if (phone != null) {
        for (int k = 0; k < phone.length; k++) {
          boolean international = PHONES[k] == INTERNATIONAL;
          if (digits >= PHONE_MIN_DIGITS[k] && (plus || !international)) {
            phones(text, phone[k].region(start, end), international, out);
          }
        }
      }
      if (ip != null && digits >= 4 && dots >= 3) {
        ipv4(text, ip.region(start, end), out);
      }
    }
  }

  private static boolean hasDigit(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        return true;
      }
    }
    return false;
  }

  private static boolean localChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '%' || c == '+'
        || c == '-';
  }

  private static boolean domainChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
  }

  private static void emails(String text, List<PiiMatch> out) {
    Matcher m = EMAIL.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
    int n = text.length();
    for (int at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
      int left = at;
      while (left > 0 && at - left < 64 && localChar(text.charAt(left - 1))) {
        left--;
      }
      int right = at + 1;
      while (right < n && right - at < 256 && domainChar(text.charAt(right))) {
        right++;
      }
      if (left == at || right == at + 1) {
        continue;
      }
      m.region(left, right);
      while (m.find()) {
        String tld = m.group(2).toLowerCase(Locale.ROOT);
        if (!FILE_EXTENSIONS.contains(tld)) {
          out.add(new PiiMatch(PiiType.EMAIL, m.start(), m.end(), m.group()));
        }
      }
    }
  }

  private static void idNumbers(String text, Matcher m, List<PiiMatch> out) {
    while (m.find()) {
      String v = m.group();
      String compact = v.replace(" ", "");
      if (Checksums.chineseId(compact)) {
        out.add(new PiiMatch(PiiType.ID_NUMBER, m.start(), m.end(), v));
      }
    }
  }

  private static void bankCards(String text, Matcher m, List<PiiMatch> out) {
    while (m.find()) {
      String v = m.group();
      String d = digitsOf(v);
      if (d.length() < 13 || d.length() > 19 || !issuer(d) || !Checksums.luhn(d) || idShaped(d) || afterOrderLabel(text, m.start())) {
        continue;
      }
      out.add(new PiiMatch(PiiType.BANK_CARD, m.start(), m.end(), v));
    }
  }

  /**
   * 18 digits with a 19xx/20xx year where a Chinese ID number has its birth date: an ID number that
   * failed its own checks (mistyped, or made up), not a card (18-digit card numbers are rare).
   */
  static boolean idShaped(String digits) {
    return digits.length() == 18 && (digits.startsWith("19", 6) || digits.startsWith("20", 6));
  }

  /** An issuer identification number of a card network: 3 (Amex, JCB, Diners), 4 (Visa), 5 (Mastercard, Maestro), 6 (UnionPay, Discover, Maestro), 2221-2720 (Mastercard). */
  static boolean issuer(String digits) {
    char c = digits.charAt(0);
    if (c >= '3' && c <= '6') {
      return true;
    }
    if (c == '2') {
      int p = Integer.parseInt(digits.substring(0, 4));
      return p >= 2221 && p <= 2720;
    }
    return false;
  }

  private static void phones(String text, Matcher m, boolean international, List<PiiMatch> out) {
    while (m.find()) {
      String v = m.group();
      if (international) {
        // Greedy groups may swallow a following number ("+44 20 7946 0958 4111"): drop trailing
        // space-separated groups until the number has at most 15 digits (E.164).
        while (digitsOf(v).length() > 15 && v.lastIndexOf(' ') > 0) {
          v = v.substring(0, v.lastIndexOf(' '));
        }
        int n = digitsOf(v).length();
        if (n < 8 || n > 15 || IPV4_STRICT.matcher(v.substring(1)).matches() || DATE_TAIL.matcher(v).find()) {
          continue;
        }
      }
      if (afterOrderLabel(text, m.start())) {
        continue;
      }
      out.add(new PiiMatch(PiiType.PHONE, m.start(), m.start() + v.length(), v));
    }
  }

  /** Object identifier arcs (X.500 attributes and extensions, SNMP, PKCS, Edwards curves) that give four-part OIDs. */
  private static final String[] OID_ARCS = {"2.5.4.", "2.5.29.", "1.3.6.", "1.3.101.", "1.2.840.", "0.9.2342."};
  /** A numbered heading: the quad starts its line, then ". " or a capitalized word ({@code 36.2.1.1. Supported formats}). */
  private static final Pattern HEADING_AFTER = Pattern.compile("^(?:\\.[ \\t]|[ \\t]+\\p{Lu}\\p{Ll})");

  private static void ipv4(String text, Matcher m, List<PiiMatch> out) {
    while (m.find()) {
      if (versionContext(text, m.start(), m.end()) || oid(m.group()) || heading(text, m.start(), m.end())) {
        continue;
      }
      out.add(new PiiMatch(PiiType.IP_ADDRESS, m.start(), m.end(), m.group()));
    }
  }

  private static boolean ipv6Char(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
  }

  private static void ipv6(String text, List<PiiMatch> out) {
    int n = text.length();
    int from = 0;
    for (int colon = text.indexOf(':'); colon >= 0; colon = text.indexOf(':', from)) {
      int start = colon;
      while (start > 0 && ipv6Char(text.charAt(start - 1))) {
        start--;
      }
      int end = colon + 1;
      int colons = 1;
      while (end < n && ipv6Char(text.charAt(end))) {
        colons += text.charAt(end) == ':' ? 1 : 0;
        end++;
      }
      from = end + 1;
      if (colons < 2 || (start > 0 && isWordChar(text.charAt(start - 1))) || (end < n && isWordChar(text.charAt(end)))) {
        continue; // one colon, or runs into a word: "12:30:45am", "ab:cd:ef:gh"
      }
      // Leading dots and trailing sentence punctuation are not part of an address.
      while (start < end && text.charAt(start) == '.') {
        start++;
      }
      while (end > start && text.charAt(end - 1) == '.') {
        end--;
      }
      if (end - start >= 2 && text.charAt(end - 1) == ':' && text.charAt(end - 2) != ':') {
        end--;
      }
      String v = text.substring(start, end);
      if (validIpv6(v)) {
        out.add(new PiiMatch(PiiType.IP_ADDRESS, start, end, v));
      }
    }
  }

  /** Whether s is an IPv6 address as the class comment describes (text form of RFC 4291 section 2.2). */
  static boolean validIpv6(String s) {
    if (s.isEmpty() || s.contains(":::")) {
      return false;
    }
    int dc = s.indexOf("::");
    if (dc >= 0 && s.indexOf("::", dc + 1) >= 0) {
      return false;
    }
    int groups = 0;
    String v4 = null;
    int lastColon = s.lastIndexOf(':');
    String tail = s.substring(lastColon + 1);
    if (tail.indexOf('.') >= 0) {
      if (!IPV4_STRICT.matcher(tail).matches()) {
        return false;
      }
      v4 = tail;
      s = s.substring(0, lastColon + 1);
      if (!s.endsWith("::")) {
        s = s.substring(0, s.length() - 1); // "a:b::ffff:" -> "a:b::ffff"
      }
      groups += 2;
    } else if (s.indexOf('.') >= 0) {
      return false;
    }
    boolean compressed = s.contains("::");
    String[] sides = compressed ? new String[] {s.substring(0, s.indexOf("::")), s.substring(s.indexOf("::") + 2)} : new String[] {s};
    for (String side : sides) {
      if (side.isEmpty()) {
        continue;
      }
      for (String g : side.split(":", -1)) {
        if (g.isEmpty() || g.length() > 4) {
          return false;
        }
        for (int i = 0; i < g.length(); i++) {
          if (Character.digit(g.charAt(i), 16) < 0) {
            return false;
          }
        }
        groups++;
      }
    }
    if (compressed) {
      // "3::" and "0::" are reStructuredText literal markers and cgroup paths, not addresses;
      // a trailing "::" needs two groups before it ("2001:db8::").
      int min = s.endsWith("::") ? 2 : 1;
      return groups >= min && groups <= 7 && (v4 != null || hasDigit(s));
    }
    return groups == 8;
  }

  private static boolean oid(String quad) {
    for (String arc : OID_ARCS) {
      if (quad.startsWith(arc)) {
        return true;
      }
    }
    return false;
  }

  private static boolean heading(String text, int start, int end) {
    int i = start - 1;
    while (i >= 0 && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
      i--;
    }
    if (i >= 0 && text.charAt(i) != '\n') {
      return false;
    }
    return HEADING_AFTER.matcher(text.substring(end, Math.min(text.length(), end + 8))).find();
  }

  private static boolean versionContext(String text, int start, int end) {
    String before = text.substring(Math.max(0, start - CONTEXT_WINDOW), start).toLowerCase(Locale.ROOT);
    if (VERSION_CONTEXT.matcher(before).find()) {
      return true;
    }
    return VERSION_SUFFIX.matcher(text.substring(end, Math.min(text.length(), end + 16))).find();
  }

  private static boolean afterOrderLabel(String text, int start) {
    String before = text.substring(Math.max(0, start - CONTEXT_WINDOW), start).toLowerCase(Locale.ROOT);
    return ORDER_CONTEXT.matcher(before).find();
  }

  private static boolean isWordChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }

  private static String digitsOf(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** Longest first (then ID > card > phone > e-mail > IP, then leftmost); keeps those that overlap nothing kept. */
  static List<PiiMatch> resolve(List<PiiMatch> cands) {
    if (cands.size() <= 1) {
      return cands;
    }
    List<PiiMatch> sorted = new ArrayList<>(cands);
    sorted.sort(Comparator.comparingInt(PiiMatch::length).reversed()
        .thenComparingInt(m -> priority(m.type()))
        .thenComparingInt(PiiMatch::start));
    List<PiiMatch> kept = new ArrayList<>();
    for (PiiMatch c : sorted) {
      boolean clash = false;
      for (PiiMatch k : kept) {
        if (k.overlaps(c)) {
          clash = true;
          break;
        }
      }
      if (!clash) {
        kept.add(c);
      }
    }
    kept.sort(Comparator.comparingInt(PiiMatch::start));
    return kept;
  }

  private static int priority(PiiType t) {
    return switch (t) {
      case ID_NUMBER -> 0;
      case BANK_CARD -> 1;
      case PHONE -> 2;
      case EMAIL -> 3;
      case IP_ADDRESS -> 4;
    };
  }
}
