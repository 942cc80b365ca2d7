package dev.kiln.clean.classify;

import static dev.kiln.core.util.Preconditions.checkArgument;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.kiln.core.util.Hashing;
import dev.kiln.core.util.Json;
import dev.kiln.io.Compression;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Reads labelled JSONL (plain, .gz or .zst) into {@link Example}s, with a deterministic held-out
 * split and optional balanced sampling.
 *
 * <ul>
 *   <li>Split: a document is held out when a hash of its id (fixed salt, independent of every
 *       option) falls below {@code holdout}, so training and evaluation agree on the split
 *       whatever the sampling caps, and a held-out document is never trained on.</li>
 *   <li>Sampling: at most {@code maxPerFile} documents per input file, then at most
 *       {@code maxPerLabel} per label, each time the ones with the smallest hash of (id, seed): a
 *       uniform sample that does not depend on file order. Sampling happens before the split, so
 *       the held-out part is balanced like the training part.</li>
 *   <li>Text: the first present field of {@code textFields}; fields named in {@code htmlFields}
 *       are converted with {@link HtmlText}. Records without the label field are skipped.</li>
 * </ul>
 */
public final class LabelledData {
  private LabelledData() {}

  public enum Split { TRAIN, HELDOUT, ALL }

  private static final long SPLIT_SALT = 0x6b696c6e53504c54L; // "kilnSPLT"
  /** Texts are cut at this many characters when read (HTML before conversion). */
  static final int MAX_TEXT = 1 << 20;

  public record Options(String labelField, List<String> textFields, List<String> htmlFields, String idField, double holdout,
      int maxPerFile, int maxPerLabel, long sampleSeed) {
    public Options {
      checkArgument(labelField != null && !labelField.isBlank(), "a label field is required");
      checkArgument(!textFields.isEmpty(), "at least one text field is required");
      checkArgument(holdout >= 0 && holdout < 1, "holdout must be in [0, 1), got " + holdout);
      checkArgument(maxPerFile >= 0 && maxPerLabel >= 0, "sampling caps must be >= 0 (0 = no cap)");
      textFields = List.copyOf(textFields);
      htmlFields = List.copyOf(htmlFields);
    }

    /** Label field, fields text then html (html converted), id field "id", 10% held out, no caps, seed 0. */
    public static Options of(String labelField) {
      return new Options(labelField, List.of("text", "html"), List.of("html"), "id", 0.1, 0, 0, 0);
    }

    public Options withHoldout(double h) {
      return new Options(labelField, textFields, htmlFields, idField, h, maxPerFile, maxPerLabel, sampleSeed);
    }

    public Options withCaps(int perFile, int perLabel) {
      return new Options(labelField, textFields, htmlFields, idField, holdout, perFile, perLabel, sampleSeed);
    }
  }

  /** Whether a document id falls in the held-out part. */
  public static boolean heldOut(String id, double holdout) {
    return holdout > 0 && unit(id, SPLIT_SALT) < holdout;
  }

  private static double unit(String id, long salt) {
    byte[] b = id.getBytes(StandardCharsets.UTF_8);
    return (Hashing.hash64(b, 0, b.length, salt) >>> 11) * 0x1.0p-53;
  }

  private record Candidate(long key, int file, long line, String id, String raw, boolean html, String label) {}

  private static final Comparator<Candidate> BY_KEY = Comparator.comparingLong(Candidate::key)
      .thenComparing(Candidate::id).thenComparingInt(Candidate::file).thenComparingLong(Candidate::line);

  /** The training and held-out parts of the (sampled) data, read in one pass. */
  public record Splits(List<Example> train, List<Example> heldOut) {}

  public static List<Example> read(List<Path> files, Options o, Split split, Consumer<String> log) throws IOException {
    Splits s = readSplits(files, o, split, log);
    if (split == Split.HELDOUT) {
      return s.heldOut();
    }
    if (split == Split.TRAIN) {
      return s.train();
    }
    List<Example> all = new ArrayList<>(s.train());
    all.addAll(s.heldOut());
    return all;
  }

  public static Splits readSplits(List<Path> files, Options o, Consumer<String> log) throws IOException {
    return readSplits(files, o, Split.ALL, log);
  }

  private static Splits readSplits(List<Path> files, Options o, Split wanted, Consumer<String> log) throws IOException {
    List<Candidate> pool = new ArrayList<>();
    for (int f = 0; f < files.size(); f++) {
      pool.addAll(readFile(files.get(f), f, o, log));
    }
    if (o.maxPerLabel() > 0) {
      Map<String, List<Candidate>> byLabel = new TreeMap<>();
      for (Candidate c : pool) {
        byLabel.computeIfAbsent(c.label(), k -> new ArrayList<>()).add(c);
      }
      pool = new ArrayList<>();
      for (List<Candidate> l : byLabel.values()) {
        l.sort(BY_KEY);
        pool.addAll(l.subList(0, Math.min(l.size(), o.maxPerLabel())));
      }
    }
    pool.sort(Comparator.comparingInt(Candidate::file).thenComparingLong(Candidate::line));
    List<Example> train = new ArrayList<>();
    List<Example> held = new ArrayList<>();
    Map<String, Integer> trainCounts = new TreeMap<>();
    Map<String, Integer> heldCounts = new TreeMap<>();
    for (Candidate c : pool) {
      boolean isHeld = heldOut(c.id(), o.holdout());
      if ((wanted == Split.TRAIN && isHeld) || (wanted == Split.HELDOUT && !isHeld)) {
        continue;
      }
      String text = c.html() ? HtmlText.text(c.raw()) : c.raw();
      (isHeld ? held : train).add(new Example(c.id(), text, c.label()));
      (isHeld ? heldCounts : trainCounts).merge(c.label(), 1, Integer::sum);
    }
    if (wanted != Split.HELDOUT) {
      log.accept("training examples: " + train.size() + " " + trainCounts);
    }
    if (wanted != Split.TRAIN && o.holdout() > 0) {
      log.accept("held-out examples: " + held.size() + " " + heldCounts);
    }
    return new Splits(train, held);
  }

  private static List<Candidate> readFile(Path file, int index, Options o, Consumer<String> log) throws IOException {
    int cap = o.maxPerFile();
    // A max-heap on the key keeps the cap smallest keys seen so far.
    PriorityQueue<Candidate> heap = new PriorityQueue<>(BY_KEY.reversed());
    List<Candidate> all = new ArrayList<>();
    long line = 0;
    long unlabelled = 0;
    long noText = 0;
    JsonFactory factory = Json.MAPPER.getFactory();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        Compression.of(file.getFileName().toString()).decompress(Files.newInputStream(file)), StandardCharsets.UTF_8), 1 << 16)) {
      String s;
      while ((s = r.readLine()) != null) {
        line++;
        if (s.isBlank()) {
          continue;
        }
        // Streaming, so a text is decoded only when the record can still make the sample.
        String id = null;
        String label = null;
        String[] texts = new String[o.textFields().size()];
        boolean hopeless = false;
        try (JsonParser p = factory.createParser(s)) {
          if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new IOException(file + " line " + line + ": not a JSON object");
          }
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            int ti = o.textFields().indexOf(name);
            if (name.equals(o.idField()) && v.isScalarValue() && v != JsonToken.VALUE_NULL) {
              id = p.getText();
              if (cap > 0 && heap.size() == cap && key(id, o) > heap.peek().key()) {
                hopeless = true;
              }
            } else if (name.equals(o.labelField()) && v.isScalarValue() && v != JsonToken.VALUE_NULL) {
              label = p.getText();
            } else if (ti >= 0 && v == JsonToken.VALUE_STRING && !hopeless) {
              texts[ti] = p.getText();
            } else {
              p.skipChildren();
            }
          }
        } catch (JsonProcessingException e) {
          throw new IOException(file + " line " + line + ": not a JSON object: " + e.getOriginalMessage(), e);
        }
        if (hopeless) {
          continue;
        }
        if (label == null) {
          unlabelled++;
          continue;
        }
        String text = null;
        boolean html = false;
        for (int i = 0; i < texts.length; i++) {
          if (texts[i] != null) {
            text = texts[i];
            html = o.htmlFields().contains(o.textFields().get(i));
            break;
          }
        }
        if (text == null) {
          noText++;
          continue;
        }
        if (id == null) {
          id = file.getFileName() + ":" + line;
        }
        if (text.length() > MAX_TEXT) {
          text = text.substring(0, MAX_TEXT);
        }
        Candidate c = new Candidate(key(id, o), index, line, id, text, html, label);
        if (cap == 0) {
          all.add(c);
        } else if (heap.size() < cap) {
          heap.add(c);
        } else if (BY_KEY.compare(c, heap.peek()) < 0) {
          heap.poll();
          heap.add(c);
        }
      }
    }
    if (unlabelled + noText > 0) {
      log.accept(file + ": skipped " + unlabelled + " records without '" + o.labelField() + "', " + noText + " without text");
    }
    return cap == 0 ? all : new ArrayList<>(heap);
  }

  private static long key(String id, Options o) {
    byte[] b = id.getBytes(StandardCharsets.UTF_8);
    return Hashing.hash64(b, 0, b.length, o.sampleSeed());
  }
}
