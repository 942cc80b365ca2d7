package dev.kiln.io;

import dev.kiln.core.Document;
import dev.kiln.core.recipe.Recipe.InputSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * PDF files, one document per file (id: the path), read with PDFBox on the parsing cores. Text comes
 * page by page in reading order (PDFBox's position sorting: top to bottom, left to right within a
 * column of text; multi-column layouts are read across), pages are separated by a blank line, and
 * words hyphenated at a line end (or across a page break) are joined again: "exam-" + "ple" becomes
 * "example", unless the document elsewhere writes the hyphenated form ("well-known") in one line,
 * in which case the hyphen stays. Soft hyphens are removed. Metadata: {@code pages} (count),
 * {@code page_starts} (the code point offset where each page's text starts), and {@code title} and
 * {@code author} when the PDF says. Unreadable or encrypted files are quarantined.
 */
final class PdfFormat implements InputFormat {
  private static final long serialVersionUID = 1L;

  @Override
  public void parse(RawRecord r, InputSpec spec, Parsed out) {
    List<String> pages = new ArrayList<>();
    Map<String, Object> meta = new LinkedHashMap<>();
    try (PDDocument pdf = Loader.loadPDF(r.bytes())) {
      PDFTextStripper stripper = new PDFTextStripper();
      stripper.setSortByPosition(true);
      stripper.setLineSeparator("\n");
      stripper.setWordSeparator(" ");
      stripper.setParagraphStart("");
      stripper.setParagraphEnd("\n");
      stripper.setPageStart("");
      stripper.setPageEnd("");
      for (int p = 1; p <= pdf.getNumberOfPages(); p++) {
        stripper.setStartPage(p);
        stripper.setEndPage(p);
        pages.add(stripper.getText(pdf));
      }
      PDDocumentInformation info = pdf.getDocumentInformation();
      if (info != null && info.getTitle() != null && !info.getTitle().isBlank()) {
        meta.put("title", info.getTitle().strip());
      }
      if (info != null && info.getAuthor() != null && !info.getAuthor().isBlank()) {
        meta.put("author", info.getAuthor().strip());
      }
    } catch (IOException | RuntimeException e) {
      out.malformed("unreadable PDF: " + e);
      return;
    }
    pages = dehyphenate(pages);
    StringBuilder text = new StringBuilder();
    List<Integer> starts = new ArrayList<>();
    int codePoints = 0;
    for (String page : pages) {
      String t = page.strip();
      if (text.length() > 0) {
        text.append("\n\n");
        codePoints += 2;
      }
      starts.add(codePoints);
      text.append(t);
      codePoints += t.codePointCount(0, t.length());
    }
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("pages", pages.size());
    all.put("page_starts", starts);
    all.putAll(meta);
    out.document(Document.of(r.file(), text.toString(), all));
  }

  private static final Pattern BREAK = Pattern.compile("(\\p{L}+)[-\u2010\u00AD][ \t]*\n[ \t]*(\\p{Ll}[\\p{L}\\p{M}]*)([^\\S\n]*)");
  private static final Pattern INLINE = Pattern.compile("\\p{L}+[-\u2010]\\p{L}+");

  /**
   * Joins words hyphenated at line ends, and across page ends, moving the second half up to the
   * first line. Hyphenated forms the document also writes within a line keep their hyphen.
   */
  static List<String> dehyphenate(List<String> pages) {
    Set<String> hyphenated = new HashSet<>();
    for (String p : pages) {
      Matcher m = INLINE.matcher(p);
      while (m.find()) {
        hyphenated.add(m.group().replace('\u2010', '-').toLowerCase(java.util.Locale.ROOT));
      }
    }
    List<String> out = new ArrayList<>();
    for (String p : pages) {
      out.add(join(p.replace("\u00AD\n", "-\n").replace("\u00AD", ""), hyphenated));
    }
    // Across a page break: the page ends in "word-", the next starts with a lower-case word.
    for (int i = 0; i + 1 < out.size(); i++) {
      String a = out.get(i).stripTrailing();
      String b = out.get(i + 1).stripLeading();
      Matcher end = Pattern.compile("(\\p{L}+)[-\u2010]$").matcher(a);
      Matcher start = Pattern.compile("^(\\p{Ll}[\\p{L}\\p{M}]*)[^\\S\n]*").matcher(b);
      if (end.find() && start.find()) {
        String first = end.group(1);
        String second = start.group(1);
        String joined = hyphenated.contains((first + "-" + second).toLowerCase(java.util.Locale.ROOT)) ? first + "-" + second : first + second;
        out.set(i, a.substring(0, end.start()) + joined);
        out.set(i + 1, b.substring(start.end()));
      }
    }
    return out;
  }

  private static String join(String page, Set<String> hyphenated) {
    Matcher m = BREAK.matcher(page);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String first = m.group(1);
      String second = m.group(2);
      String word = hyphenated.contains((first + "-" + second).toLowerCase(java.util.Locale.ROOT)) ? first + "-" + second : first + second;
      m.appendReplacement(sb, Matcher.quoteReplacement(word + "\n"));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}
