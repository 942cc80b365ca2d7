package dev.kiln.clean.pii;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.clean.classify.MailText;
import dev.kiln.core.Document;
import dev.kiln.core.stage.Outcome;
import dev.kiln.core.testing.SharedData;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Precision and recall per PII type on a labelled set built from real sentences (kernel-docs and
 * spam-assassin bodies in English, fortunes in Chinese) with planted PII and planted decoys (see
 * {@link PiiLabelledSet}), and recall on the real addresses in spam-assassin's mail headers.
 */
class PiiLabelledSetTest {
  static final int DOCS = 4000;
  static final double TARGET = 0.97;

  static List<PiiLabelledSet.Doc> docs;

  @BeforeAll
  static void build() {
    List<Document> en = new ArrayList<>();
    for (Document d : SharedData.documents("kernel-docs", 1200)) {
      if ("en".equals(d.meta("lang"))) {
        en.add(d);
      }
    }
    for (Document d : SharedData.documents("spam-assassin", 2000)) {
      en.add(Document.of(d.id(), MailText.body(d.text())));
    }
    List<Document> zh = new ArrayList<>();
    for (Document d : SharedData.documents("fortunes", 30000)) {
      if ("zh".equals(d.meta("lang"))) {
        zh.add(d);
      }
    }
    List<String> enHosts = PiiLabelledSet.hostSentences(en, false, 30000);
    List<String> zhHosts = PiiLabelledSet.hostSentences(zh, true, 30000);
    assertTrue(enHosts.size() > 5000, "English host sentences: " + enHosts.size());
    assertTrue(zhHosts.size() > 2000, "Chinese host sentences: " + zhHosts.size());
    PiiLabelledSet gen = new PiiLabelledSet(20240501L);
    docs = new ArrayList<>();
    for (int i = 0; i < DOCS; i++) {
      boolean cjk = i % 10 < 3;
      docs.add(gen.document("pii-set/" + i, cjk ? zhHosts : enHosts, cjk));
    }
  }

  record Key(PiiType type, int start, int end) {}

  @Test
  void precisionAndRecallPerTypeOnPlantedSet() {
    PiiDetector detector = PiiDetector.all();
    Map<PiiType, int[]> counts = new EnumMap<>(PiiType.class); // tp, fp, fn
    for (PiiType t : PiiType.values()) {
      counts.put(t, new int[3]);
    }
    Map<String, Integer> decoyHits = new TreeMap<>();
    List<String> errors = new ArrayList<>();
    int decoys = 0;
    for (PiiLabelledSet.Doc d : docs) {
      Set<Key> gold = new HashSet<>();
      for (PiiLabelledSet.Planted p : d.pii()) {
        assertEquals(p.value(), d.text().substring(p.start(), p.end()));
        gold.add(new Key(p.type(), p.start(), p.end()));
      }
      decoys += d.decoys().size();
      Set<Key> found = new HashSet<>();
      for (PiiMatch m : detector.find(d.text())) {
        Key k = new Key(m.type(), m.start(), m.end());
        found.add(k);
        if (gold.contains(k)) {
          counts.get(m.type())[0]++;
        } else {
          counts.get(m.type())[1]++;
          String why = "no planted value here";
          for (PiiLabelledSet.Decoy x : d.decoys()) {
            if (x.start() < m.end() && m.start() < x.end()) {
              why = "decoy '" + x.kind() + "'";
              decoyHits.merge(x.kind(), 1, Integer::sum);
            }
          }
          errors.add("FP " + m.type() + " '" + m.value() + "' (" + why + ") in: " + excerpt(d.text(), m.start(), m.end()));
        }
      }
      for (PiiLabelledSet.Planted p : d.pii()) {
        if (!found.contains(new Key(p.type(), p.start(), p.end()))) {
          counts.get(p.type())[2]++;
          errors.add("FN " + p.type() + " '" + p.value() + "' in: " + excerpt(d.text(), p.start(), p.end()));
        }
      }
    }
    StringBuilder report = new StringBuilder(String.format("PII labelled set: %d documents, %d decoys%n", docs.size(), decoys));
    report.append(String.format("%-11s %8s %9s %7s %6s %6s %6s%n", "type", "planted", "precision", "recall", "tp", "fp", "fn"));
    for (PiiType t : PiiType.values()) {
      int[] c = counts.get(t);
      report.append(String.format("%-11s %8d %9.4f %7.4f %6d %6d %6d%n", t, c[0] + c[2], precision(c), recall(c), c[0], c[1], c[2]));
    }
    report.append("decoys detected by kind: ").append(decoyHits).append('\n');
    errors.stream().limit(40).forEach(e -> report.append("  ").append(e).append('\n'));
    System.out.print(report);
    for (PiiType t : PiiType.values()) {
      int[] c = counts.get(t);
      assertTrue(c[0] + c[2] >= 300, t + ": too few planted values for a meaningful score: " + (c[0] + c[2]));
      assertTrue(precision(c) >= TARGET, t + " precision " + precision(c) + " < " + TARGET + "\n" + report);
      assertTrue(recall(c) >= TARGET, t + " recall " + recall(c) + " < " + TARGET + "\n" + report);
    }
  }

  @Test
  void stageReplacesEveryPlantedValueAndReportsCodePointOffsets() {
    PiiStage stage = new PiiStage(new PiiStage.Config(List.of(PiiType.values()), true, "pii", true));
    int checked = 0;
    for (PiiLabelledSet.Doc d : docs.subList(0, 600)) {
      Outcome o = stage.apply(Document.of(d.id(), d.text()));
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> spans = (List<Map<String, Object>>) o.doc().meta("pii");
      int[] cps = d.text().codePoints().toArray();
      StringBuilder rebuilt = new StringBuilder();
      int prev = 0;
      for (Map<String, Object> s : spans) {
        int start = (Integer) s.get("start");
        int end = (Integer) s.get("end");
        // Offsets are code points: slicing the code point array gives the value back.
        assertEquals(s.get("value"), new String(cps, start, end - start));
        rebuilt.append(new String(cps, prev, start - prev)).append('<').append(s.get("type")).append('>');
        prev = end;
        checked++;
      }
      rebuilt.append(new String(cps, prev, cps.length - prev));
      assertEquals(rebuilt.toString(), o.doc().text());
      for (PiiLabelledSet.Planted p : d.pii()) {
        assertFalse(o.doc().text().contains(p.value()), "planted " + p.type() + " '" + p.value() + "' survived in " + o.doc().text());
      }
    }
    assertTrue(checked > 500, "spans checked: " + checked);
  }

  /**
   * Real PII in real mail: the relay IPs of Received headers ({@code [a.b.c.d]}) and the addresses
   * of Return-Path/From/To headers ({@code <user@host.tld>}), found by header syntax independently
   * of the detector. Recall only: headers hold other PII too (addresses in free text).
   */
  @Test
  void findsTheAddressesInSpamAssassinHeaders() {
    Pattern received = Pattern.compile("\\[(\\d{1,3}(?:\\.\\d{1,3}){3})\\]");
    Pattern angle = Pattern.compile("^(?:Return-Path|From|To|Reply-To|Sender):[^\\n]*?<([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,})>", Pattern.MULTILINE);
    PiiDetector detector = PiiDetector.all();
    int ips = 0;
    int ipsFound = 0;
    int mails = 0;
    int mailsFound = 0;
    List<String> missed = new ArrayList<>();
    for (Document d : SharedData.documents("spam-assassin", 1500)) {
      String text = d.text();
      String headers = text.substring(0, text.length() - MailText.body(text).length());
      Set<Key> found = new HashSet<>();
      for (PiiMatch m : detector.find(headers)) {
        found.add(new Key(m.type(), m.start(), m.end()));
      }
      Matcher r = received.matcher(headers);
      while (r.find()) {
        if (!validQuad(r.group(1))) {
          continue;
        }
        ips++;
        if (found.contains(new Key(PiiType.IP_ADDRESS, r.start(1), r.end(1)))) {
          ipsFound++;
        } else {
          missed.add("IP " + r.group(1) + " in " + excerpt(headers, r.start(1), r.end(1)));
        }
      }
      Matcher a = angle.matcher(headers);
      while (a.find()) {
        mails++;
        if (found.contains(new Key(PiiType.EMAIL, a.start(1), a.end(1)))) {
          mailsFound++;
        } else {
          missed.add("EMAIL " + a.group(1) + " in " + excerpt(headers, a.start(1), a.end(1)));
        }
      }
    }
    System.out.printf("spam-assassin headers: IPs %d/%d found, e-mail addresses %d/%d found%n", ipsFound, ips, mailsFound, mails);
    missed.stream().limit(20).forEach(m -> System.out.println("  missed " + m));
    assertTrue(ips > 1000 && mails > 1000, "too few header addresses: " + ips + " IPs, " + mails + " e-mails");
    assertTrue((double) ipsFound / ips >= TARGET, "IP recall in headers " + ipsFound + "/" + ips);
    assertTrue((double) mailsFound / mails >= TARGET, "e-mail recall in headers " + mailsFound + "/" + mails);
  }

  private static boolean validQuad(String s) {
    for (String p : s.split("\\.")) {
      if (Integer.parseInt(p) > 255 || (p.length() > 1 && p.startsWith("0"))) {
        return false;
      }
    }
    return true;
  }

  private static double precision(int[] c) {
    return c[0] + c[1] == 0 ? 1 : (double) c[0] / (c[0] + c[1]);
  }

  private static double recall(int[] c) {
    return c[0] + c[2] == 0 ? 1 : (double) c[0] / (c[0] + c[2]);
  }

  private static String excerpt(String text, int start, int end) {
    return "..." + text.substring(Math.max(0, start - 40), start).replace('\n', ' ') + "[[" + text.substring(start, end) + "]]"
        + text.substring(end, Math.min(text.length(), end + 30)).replace('\n', ' ') + "...";
  }
}
