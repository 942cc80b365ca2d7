package dev.kiln.clean.pii;

import dev.kiln.core.Document;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * A labelled PII test set built from real sentences: host sentences that cannot contain any PII
 * (no digit, '@' or ':', checked by this class, not by the detector) with planted personal data
 * generated here (valid checksums, many formats, with and without context words) and planted
 * decoys that only look like PII (Luhn-failing card numbers, dates, timestamps, version strings,
 * order numbers, invalid ID numbers, MAC addresses, UUIDs...). Every planted value's span is known,
 * so precision and recall per type are exact.
 */
final class PiiLabelledSet {
  /** A planted piece of personal data: UTF-16 span in the document text. */
  record Planted(PiiType type, int start, int end, String value) {}

  /** A planted look-alike that must not be found. */
  record Decoy(String kind, int start, int end, String value) {}

  record Doc(String id, String text, List<Planted> pii, List<Decoy> decoys) {}

  private final Random rnd;

  PiiLabelledSet(long seed) {
    this.rnd = new Random(seed);
  }

  // ------------------------------------------------------------------ host sentences

  /** Sentences (lines) from real documents with no digit, '@' or ':' in them, 20-200 characters. */
  static List<String> hostSentences(List<Document> docs, boolean cjk, int max) {
    List<String> out = new ArrayList<>();
    for (Document d : docs) {
      for (String line : d.text().split("\n")) {
        String s = line.strip();
        int n = s.codePointCount(0, s.length());
        if (n < (cjk ? 8 : 20) || n > 200 || !clean(s)) {
          continue;
        }
        long han = s.codePoints().filter(Character::isIdeographic).count();
        if (cjk ? han < 6 : han > 0) {
          continue;
        }
        out.add(s);
        if (out.size() >= max) {
          return out;
        }
      }
    }
    return out;
  }

  private static boolean clean(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c >= '0' && c <= '9') || c == '@' || c == ':' || Character.isDigit(c) || c == '\uFF20' || c == '\uFF1A') {
        return false;
      }
    }
    return true;
  }

  // ------------------------------------------------------------------ documents

  /**
   * A document of 3-6 host sentences with 0-3 planted values and 0-3 decoys, each at its own
   * insertion point, wrapped in a context template (or none).
   */
  Doc document(String id, List<String> hosts, boolean cjk) {
    int nSent = 3 + rnd.nextInt(4);
    List<String> sentences = new ArrayList<>();
    for (int i = 0; i < nSent; i++) {
      sentences.add(hosts.get(rnd.nextInt(hosts.size())));
    }
    int nPii = rnd.nextInt(4);
    int nDecoy = rnd.nextInt(4);
    // Items go between sentences (index = sentence boundary) or inside a sentence at a word boundary.
    List<Object> items = new ArrayList<>();
    for (int i = 0; i < nPii; i++) {
      items.add(PiiType.values()[rnd.nextInt(PiiType.values().length)]);
    }
    for (int i = 0; i < nDecoy; i++) {
      items.add("decoy");
    }
    java.util.Collections.shuffle(items, rnd);
    // Attach each item to a distinct sentence slot: before sentence k, or inside it.
    StringBuilder sb = new StringBuilder();
    List<Planted> pii = new ArrayList<>();
    List<Decoy> decoys = new ArrayList<>();
    int item = 0;
    for (int k = 0; k < sentences.size() || item < items.size(); k++) {
      String sentence = k < sentences.size() ? sentences.get(k) : (cjk ? "以上。" : "That is all.");
      boolean place = item < items.size() && (rnd.nextInt(3) > 0 || k >= sentences.size() - 1 || items.size() - item >= sentences.size() - k);
      if (!place) {
        append(sb, sentence, cjk);
        continue;
      }
      Object it = items.get(item++);
      Item v = it instanceof PiiType t ? pii(t, cjk) : decoy(cjk);
      // Inside the sentence at a boundary, or before it.
      int cut = cutPoint(sentence, cjk);
      String head = sentence.substring(0, cut);
      String tail = sentence.substring(cut);
      if (!head.isEmpty()) {
        append(sb, head, cjk);
      }
      if (!cjk && sb.length() > 0 && sb.charAt(sb.length() - 1) != ' ') {
        sb.append(' ');
      }
      sb.append(v.before);
      int start = sb.length();
      sb.append(v.value);
      int end = sb.length();
      sb.append(v.after);
      if (it instanceof PiiType t) {
        pii.add(new Planted(t, start, end, v.value));
      } else {
        decoys.add(new Decoy(v.kind, start, end, v.value));
      }
      if (!tail.isEmpty()) {
        if (!cjk) {
          sb.append(' ');
        }
        sb.append(tail);
      }
    }
    return new Doc(id, sb.toString(), pii, decoys);
  }

  private static void append(StringBuilder sb, String s, boolean cjk) {
    if (!cjk && sb.length() > 0 && sb.charAt(sb.length() - 1) != ' ') {
      sb.append(' ');
    }
    sb.append(s);
  }

  /** A word boundary (space) in an English sentence, or a point between two CJK characters; 0 = before it. */
  private int cutPoint(String s, boolean cjk) {
    List<Integer> cuts = new ArrayList<>();
    cuts.add(0);
    for (int i = 1; i < s.length(); i++) {
      if (cjk) {
        if (Character.isIdeographic(s.codePointBefore(i)) && Character.isIdeographic(s.codePointAt(i))) {
          cuts.add(i);
        }
      } else if (s.charAt(i) == ' ' && s.charAt(i - 1) != ' ') {
        cuts.add(i + 1);
      }
    }
    int c = cuts.get(rnd.nextInt(cuts.size()));
    return Math.min(c, s.length());
  }

  /** A value with its context. */
  record Item(String kind, String before, String value, String after) {}

  private String pick(String... options) {
    return options[rnd.nextInt(options.length)];
  }

  private Item ctx(String kind, String value, boolean cjk, String[] enContexts, String[] zhContexts) {
    String t = cjk ? pick(zhContexts) : pick(enContexts);
    int i = t.indexOf("{}");
    return new Item(kind, t.substring(0, i), value, t.substring(i + 2));
  }

  // ------------------------------------------------------------------ personal data

  Item pii(PiiType t, boolean cjk) {
    return switch (t) {
      case EMAIL -> ctx("email", email(), cjk,
          new String[] {"{}", "{} ", "write to {} today", "<{}>", "({})", "e-mail {},", "contact {}.", "\"{}\"", "Email {}"},
          new String[] {"{}", "邮箱{}，", "邮箱：{}。", "请发邮件至{}", "（{}）", "联系{}"});
      case PHONE -> ctx("phone", phone(cjk), cjk,
          new String[] {"{}", "call {} now", "Tel. {},", "phone {}", "({})", "on {}.", "or {}"},
          new String[] {"{}", "电话{}，", "手机：{}。", "请拨打{}", "（{}）", "联系电话{}"});
      case ID_NUMBER -> ctx("id", idNumber(), cjk,
          new String[] {"{}", "ID {},", "id number {}", "({})"},
          new String[] {"{}", "身份证号{}，", "身份证号码：{}。", "证件号{}", "（{}）"});
      case BANK_CARD -> ctx("card", bankCard(), cjk,
          new String[] {"{}", "card {},", "paid with {}", "({})", "account {}."},
          new String[] {"{}", "卡号{}，", "银行卡号：{}。", "信用卡{}", "（{}）"});
      case IP_ADDRESS -> ip(cjk);
    };
  }

  private static final String[] NAMES = {"john", "mary.smith", "wei", "li.na", "zhang_san", "alice", "bob", "j.smith", "chen",
      "support", "info", "noreply", "sales-team", "user+news", "o.brien", "xiaoming", "dev", "admin", "k.tanaka", "m_garcia"};
  private static final String[] DOMAINS = {"gmail.com", "163.com", "qq.com", "126.com", "outlook.com", "example.org",
      "mail.example.co.uk", "sina.com.cn", "company-name.de", "cs.uni.edu", "yahoo.co.jp", "proton.me", "foxmail.com",
      "lists.debian.org", "spamassassin.taint.org"};

  String email() {
    String local = switch (rnd.nextInt(5)) {
      case 0 -> Long.toString(100000000L + (long) (rnd.nextDouble() * 9_000_000_000L)); // QQ-number style
      case 1 -> "1" + (3 + rnd.nextInt(7)) + digits(9); // a phone number as the local part
      case 2 -> pick(NAMES) + rnd.nextInt(100);
      default -> pick(NAMES);
    };
    String domain = pick(DOMAINS);
    return rnd.nextInt(6) == 0 ? local.toUpperCase(java.util.Locale.ROOT) + "@" + domain.toUpperCase(java.util.Locale.ROOT) : local + "@" + domain;
  }

  String phone(boolean cjk) {
    int kind = cjk ? (rnd.nextInt(5) < 4 ? 0 : 1 + rnd.nextInt(3)) : rnd.nextInt(4);
    return switch (kind) {
      case 0 -> cnMobile();
      case 1 -> international();
      case 2 -> rnd.nextBoolean() ? nanp() : cnMobile();
      default -> rnd.nextBoolean() ? cnLandline() : international();
    };
  }

  String cnMobile() {
    String n = "1" + pick("3", "4", "5", "6", "7", "8", "9") + digits(9);
    String body = switch (rnd.nextInt(3)) {
      case 0 -> n;
      case 1 -> n.substring(0, 3) + " " + n.substring(3, 7) + " " + n.substring(7);
      default -> n.substring(0, 3) + "-" + n.substring(3, 7) + "-" + n.substring(7);
    };
    return switch (rnd.nextInt(6)) {
      case 0 -> "+86 " + body;
      case 1 -> "+86-" + body;
      case 2 -> "+86" + n;
      case 3 -> "0086 " + body;
      case 4 -> "(+86) " + body;
      default -> body;
    };
  }

  String international() {
    return switch (rnd.nextInt(11)) {
      case 0 -> "+1 " + area() + " " + exch() + " " + digits(4);
      case 1 -> "+1-" + area() + "-" + exch() + "-" + digits(4);
      case 2 -> "+1 (" + area() + ") " + exch() + "-" + digits(4);
      case 3 -> "+44 20 " + digits(4) + " " + digits(4);
      case 4 -> "+44 7700 " + digits(6);
      case 5 -> "+49 30 " + digits(8);
      case 6 -> "+33 1 " + digits(2) + " " + digits(2) + " " + digits(2) + " " + digits(2);
      case 7 -> "+81-3-" + digits(4) + "-" + digits(4);
      case 8 -> "+91 9" + digits(4) + " " + digits(5);
      case 9 -> "+852 " + pick("2", "3", "5", "6", "9") + digits(3) + " " + digits(4);
      default -> "+1" + area() + exch() + digits(4);
    };
  }

  private String area() {
    return (2 + rnd.nextInt(8)) + digits(2);
  }

  private String exch() {
    return (2 + rnd.nextInt(8)) + digits(2);
  }

  String nanp() {
    String a = area();
    String e = exch();
    String s = digits(4);
    return switch (rnd.nextInt(4)) {
      case 0 -> "(" + a + ") " + e + "-" + s;
      case 1 -> a + "-" + e + "-" + s;
      case 2 -> a + "." + e + "." + s;
      default -> "1-" + pick("800", "888", "877") + "-" + e + "-" + s;
    };
  }

  String cnLandline() {
    String code = pick("010", "021", "020", "0755", "0571", "028", "027");
    String local = (2 + rnd.nextInt(8)) + digits(code.length() == 3 ? 7 : 6 + rnd.nextInt(2));
    return rnd.nextBoolean() ? code + "-" + local : "(" + code + ") " + local;
  }

  private static final String[] REGIONS = {"110101", "110105", "110108", "310104", "310115", "440106", "440305", "330106",
      "320102", "420111", "510107", "500103", "610113", "120101", "210102", "370202", "350203", "430104", "230103",
      "650102", "450103", "520102", "810000", "710000"};

  String idNumber() {
    String first17;
    do {
      LocalDate birth = LocalDate.of(1940, 1, 1).plusDays(rnd.nextInt(365 * 72));
      first17 = pick(REGIONS) + String.format("%04d%02d%02d", birth.getYear(), birth.getMonthValue(), birth.getDayOfMonth()) + digits(3);
    } while (rnd.nextInt(4) == 0 && Checksums.chineseIdCheck(first17) != 'X'); // make X more common than 1 in 11
    char check = Checksums.chineseIdCheck(first17);
    String id = first17 + (check == 'X' && rnd.nextInt(4) == 0 ? 'x' : check);
    return rnd.nextInt(10) == 0 ? id.substring(0, 6) + " " + id.substring(6, 14) + " " + id.substring(14) : id;
  }

  String bankCard() {
    String[] prefixes = {"4", "51", "52", "53", "54", "55", "2221", "2720", "2500", "34", "37", "62", "6011", "35", "36"};
    String p = pick(prefixes);
    int len = switch (p) {
      case "34", "37" -> 15;
      case "36" -> 14;
      case "62" -> rnd.nextBoolean() ? 16 : 19;
      case "4" -> rnd.nextInt(5) == 0 ? 13 : 16;
      default -> 16;
    };
    String body = p + digits(len - 1 - p.length());
    String card = body + Checksums.luhnCheckDigit(body);
    return format(card);
  }

  private String format(String card) {
    int r = rnd.nextInt(10);
    if (r < 5 || card.length() == 13) {
      return card;
    }
    String sep = r < 9 ? " " : "-";
    if (card.length() == 15) {
      return card.substring(0, 4) + sep + card.substring(4, 10) + sep + card.substring(10);
    }
    if (card.length() == 14) {
      return card.substring(0, 4) + sep + card.substring(4, 10) + sep + card.substring(10);
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < card.length(); i += 4) {
      if (i > 0) {
        sb.append(sep);
      }
      sb.append(card, i, Math.min(card.length(), i + 4));
    }
    return sb.toString();
  }

  Item ip(boolean cjk) {
    if (rnd.nextInt(4) == 0) {
      String v6 = switch (rnd.nextInt(6)) {
        case 0 -> String.join(":", hex4(), hex4(), hex4(), hex4(), hex4(), hex4(), hex4(), hex4());
        case 1 -> "2001:db8::" + Integer.toHexString(1 + rnd.nextInt(0xfff));
        case 2 -> "fe80::" + Integer.toHexString(rnd.nextInt(0xffff)) + ":" + Integer.toHexString(rnd.nextInt(0xffff)) + ":"
            + Integer.toHexString(rnd.nextInt(0xffff)) + ":" + Integer.toHexString(1 + rnd.nextInt(0xfff));
        case 3 -> "::1";
        case 4 -> "::ffff:" + ipv4();
        default -> "2001:" + Integer.toHexString(0x400 + rnd.nextInt(0xbff)) + ":" + Integer.toHexString(rnd.nextInt(0xffff)) + "::"
            + Integer.toHexString(1 + rnd.nextInt(0xffff)) + ":" + (1 + rnd.nextInt(99));
      };
      return cjk ? ctx("ipv6", v6, true, null, new String[] {"{}", "地址{}，", "IPv6地址{}。", "（{}）", "[{}]"})
          : ctx("ipv6", v6, false, new String[] {"{}", "[{}]", "from {} via", "{}%eth0", "address {}.", "({})"}, null);
    }
    String v4 = ipv4();
    return cjk ? ctx("ipv4", v4, true, null, new String[] {"{}", "服务器{}，", "IP地址：{}。", "（{}）", "{}:8080", "[{}]"})
        : ctx("ipv4", v4, false, new String[] {"{}", "[{}]", "host {} replied", "({})", "{}:8080", "from {}.", "IP {},", "http://{}/index"}, null);
  }

  String ipv4() {
    return switch (rnd.nextInt(5)) {
      case 0 -> "10." + rnd.nextInt(256) + "." + rnd.nextInt(256) + "." + (1 + rnd.nextInt(254));
      case 1 -> "192.168." + rnd.nextInt(256) + "." + (1 + rnd.nextInt(254));
      case 2 -> "172." + (16 + rnd.nextInt(16)) + "." + rnd.nextInt(256) + "." + rnd.nextInt(256);
      default -> (1 + rnd.nextInt(223)) + "." + rnd.nextInt(256) + "." + rnd.nextInt(256) + "." + rnd.nextInt(256);
    };
  }

  private String hex4() {
    return Integer.toHexString(rnd.nextInt(0x10000));
  }

  // ------------------------------------------------------------------ decoys

  Item decoy(boolean cjk) {
    int k = rnd.nextInt(16);
    return switch (k) {
      case 0 -> {
        String c;
        do {
          c = bankCardDigits();
        } while (Checksums.luhn(c));
        yield ctx("luhn-failing card", rnd.nextBoolean() ? c : c.substring(0, 4) + " " + c.substring(4, 8) + " " + c.substring(8, 12) + " " + c.substring(12),
            cjk, new String[] {"{}", "number {}", "({})"}, new String[] {"{}", "编号为{}的", "（{}）"});
      }
      case 1 -> {
        LocalDate d = LocalDate.of(1990, 1, 1).plusDays(rnd.nextInt(365 * 35));
        String v = switch (rnd.nextInt(6)) {
          case 0 -> d.toString();
          case 1 -> d.toString().replace('-', '/');
          case 2 -> String.format("%02d.%02d.%04d", d.getDayOfMonth(), d.getMonthValue(), d.getYear());
          case 3 -> d.toString().replace("-", "");
          case 4 -> d.getYear() + "年" + d.getMonthValue() + "月" + d.getDayOfMonth() + "日";
          default -> d.toString() + " " + String.format("%02d:%02d:%02d", rnd.nextInt(24), rnd.nextInt(60), rnd.nextInt(60)) + " +0" + rnd.nextInt(10) + "00";
        };
        yield ctx("date", v, cjk, new String[] {"{}", "on {},", "dated {}"}, new String[] {"{}", "于{}", "日期{}，"});
      }
      case 2 -> {
        long secs = 1_000_000_000L + (long) (rnd.nextDouble() * 800_000_000L);
        String v = switch (rnd.nextInt(4)) {
          case 0 -> Long.toString(secs);
          case 1 -> Long.toString(secs * 1000 + rnd.nextInt(1000));
          case 2 -> java.time.Instant.ofEpochSecond(secs).toString();
          default -> Long.toString(secs * 1_000_000 + rnd.nextInt(1_000_000));
        };
        yield ctx("timestamp", v, cjk, new String[] {"{}", "at {}", "ts={}"}, new String[] {"{}", "时间戳{}", "（{}）"});
      }
      case 3 -> {
        String v = (1 + rnd.nextInt(9)) + "." + rnd.nextInt(20) + "." + rnd.nextInt(40) + "." + rnd.nextInt(200);
        yield ctx("version", v, cjk, new String[] {"version {}", "v{}", "Linux {}", "release {}", "build {}", "Mozilla/{}", "{}-rc1",
            "kernel {}", "firmware {}", "Python {}"}, new String[] {"版本{}", "版本号：{}，", "v{}", "Linux {}"});
      }
      case 4 -> ctx("version3", (1 + rnd.nextInt(12)) + "." + rnd.nextInt(30) + "." + rnd.nextInt(50), cjk,
          new String[] {"{}", "version {}", "({})"}, new String[] {"{}", "版本{}"});
      case 5 -> {
        String v = switch (rnd.nextInt(4)) {
          case 0 -> "1" + (3 + rnd.nextInt(7)) + digits(9);
          case 1 -> bankCardDigitsValid();
          case 2 -> "2023" + digits(14);
          default -> digits(6) + "-" + digits(7) + "-" + digits(7);
        };
        yield ctx("order number", v, cjk, new String[] {"Order #{}", "order no. {}", "invoice {}", "tracking number {}", "Ticket #{}",
            "ref. {}", "serial number {}"}, new String[] {"订单号{}", "订单号：{}", "运单号{}", "快递单号：{}", "工单编号{}", "流水号{}"});
      }
      case 6 -> {
        String first17 = pick(REGIONS) + "1985" + pick("13", "00", "02") + pick("30", "31", "00", "15") + digits(3);
        char good = Checksums.chineseIdCheck(first17);
        boolean validDate = !first17.substring(10, 12).equals("13") && !first17.substring(10, 12).equals("00")
            && !first17.substring(12, 14).equals("00") && !(first17.substring(10, 14).equals("0230") || first17.substring(10, 14).equals("0231"));
        char check = validDate ? (good == '0' ? '1' : '0') : good; // a wrong check character, or a right one on an impossible date
        yield ctx("invalid id", first17 + check, cjk, new String[] {"{}", "code {}"}, new String[] {"{}", "编码{}"});
      }
      case 7 -> ctx("mac", String.join(":", hex2(), hex2(), hex2(), hex2(), hex2(), hex2()), cjk,
          new String[] {"{}", "MAC {}", "hwaddr {}"}, new String[] {"{}", "MAC地址{}"});
      case 8 -> ctx("uuid", java.util.UUID.nameUUIDFromBytes(digits(8).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString(), cjk,
          new String[] {"{}", "id {}"}, new String[] {"{}"});
      case 9 -> ctx("oid", "1.3.6.1.4.1." + rnd.nextInt(40000) + "." + rnd.nextInt(10), cjk, new String[] {"{}", "OID {}"}, new String[] {"{}"});
      case 10 -> ctx("price", pick("$", "¥", "€") + (1 + rnd.nextInt(999)) + "," + digits(3) + "," + digits(3) + "." + digits(2), cjk,
          new String[] {"{}", "costs {}"}, new String[] {"{}", "价格{}"});
      case 11 -> ctx("long digits", (1 + rnd.nextInt(9)) + digits(19 + rnd.nextInt(10)), cjk, new String[] {"{}", "value {}"}, new String[] {"{}"});
      case 12 -> ctx("time", String.format("%02d:%02d:%02d", rnd.nextInt(24), rnd.nextInt(60), rnd.nextInt(60)), cjk,
          new String[] {"{}", "at {}"}, new String[] {"{}", "时间{}"});
      case 13 -> ctx("handle", pick("@", "@@") + pick(NAMES).replace(".", "_") + rnd.nextInt(100), cjk, new String[] {"{}", "by {}"}, new String[] {"{}"});
      case 14 -> ctx("asset", pick("logo", "icon", "banner") + "@" + (2 + rnd.nextInt(2)) + "x." + pick("png", "jpg", "svg"), cjk,
          new String[] {"{}", "file {}"}, new String[] {"{}", "图片{}"});
      default -> ctx("isbn", "978-" + rnd.nextInt(10) + "-" + digits(2) + "-" + digits(6) + "-" + rnd.nextInt(10), cjk,
          new String[] {"ISBN {}", "{}"}, new String[] {"ISBN {}", "{}"});
    };
  }

  private String bankCardDigits() {
    return pick("4", "5", "6") + digits(15);
  }

  private String bankCardDigitsValid() {
    String b = pick("4", "5", "6") + digits(14);
    return b + Checksums.luhnCheckDigit(b);
  }

  private String hex2() {
    return String.format("%02x", rnd.nextInt(256));
  }

  String digits(int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append((char) ('0' + rnd.nextInt(10)));
    }
    return sb.toString();
  }

  static <T> List<T> map(List<Doc> docs, Function<Doc, List<T>> f) {
    List<T> out = new ArrayList<>();
    docs.forEach(d -> out.addAll(f.apply(d)));
    return out;
  }
}
