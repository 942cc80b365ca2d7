package dev.kiln.clean.langid;

import com.github.pemistahl.lingua.api.Language;
import dev.kiln.core.util.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A fast scorer over Lingua's own character n-gram models (the {@code language-models/xx/*grams.json}
 * files in Lingua's jar: unigram, bigram and trigram relative frequencies per language), for one set of
 * languages. Lingua's detector looks every n-gram up once per language in boxed hash maps; this
 * packs all languages' probabilities for an n-gram into one entry of an open-addressing table keyed
 * by the n-gram's code points, so scoring a text costs one lookup per n-gram.
 *
 * <p>Scoring: the text is lower-cased and cut into runs of letters; every trigram inside a run adds
 * ln P(c | ab) for each language, backing off to 0.4 P(c | b) and then 0.16 P(c), and to a floor of
 * 1e-7 for letters the language never showed. The confidence is a softmax of the sums, with the
 * evidence capped at {@value #EVIDENCE} trigrams so long documents do not all score 1.0.
 */
final class NgramModels {
  static final int EVIDENCE = 60;
  private static final double FLOOR = Math.log(1e-7);
  private static final double BACKOFF = Math.log(0.4);

  private final Language[] languages;
  static final int ORDER = 4;
  private final Table[] tables = new Table[ORDER + 1]; // by n

  NgramModels(List<Language> langs) {
    List<Language> withModels = new ArrayList<>();
    for (Language l : langs) {
      if (resource(l, 3) != null) {
        withModels.add(l);
      }
    }
    this.languages = withModels.toArray(new Language[0]);
    for (int n = 1; n <= ORDER; n++) {
      int order = n;
      // Parse the languages' files in parallel, then insert in language order (deterministic tables).
      List<Object[]> parsed = java.util.stream.IntStream.range(0, languages.length).parallel()
          .mapToObj(li -> load(languages[li], order)).toList();
      Table t = new Table(languages.length);
      for (int li = 0; li < languages.length; li++) {
        long[] ks = (long[]) parsed.get(li)[0];
        float[] ps = (float[]) parsed.get(li)[1];
        for (int i = 0; i < ks.length; i++) {
          t.put(ks[i], li, ps[i]);
        }
      }
      t.compact();
      tables[n] = t;
    }
  }

  Language[] languages() {
    return languages;
  }

  private static InputStream resource(Language l, int n) {
    String name = switch (n) {
      case 1 -> "unigrams";
      case 2 -> "bigrams";
      case 3 -> "trigrams";
      default -> "quadrigrams";
    };
    return Language.class.getResourceAsStream("/language-models/" + l.getIsoCode639_1().toString().toLowerCase(Locale.ROOT) + "/" + name + ".json");
  }

  /** One language's n-grams of one order: {long[] keys, float[] log-probabilities}. */
  private static Object[] load(Language l, int n) {
    long[] keys = new long[1024];
    float[] probs = new float[1024];
    int size = 0;
    try (InputStream in = resource(l, n)) {
      if (in != null) {
        com.fasterxml.jackson.core.JsonParser p = Json.MAPPER.getFactory().createParser(in);
        float logp = 0;
        int depth = 0;
        for (com.fasterxml.jackson.core.JsonToken tok = p.nextToken(); tok != null; tok = p.nextToken()) {
          if (tok == com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
            depth++;
          } else if (tok == com.fasterxml.jackson.core.JsonToken.END_OBJECT) {
            depth--;
          } else if (tok == com.fasterxml.jackson.core.JsonToken.FIELD_NAME && depth == 2) {
            String frac = p.getCurrentName();
            int slash = frac.indexOf('/');
            logp = (float) Math.log(Double.parseDouble(frac.substring(0, slash)) / Double.parseDouble(frac.substring(slash + 1)));
          } else if (tok == com.fasterxml.jackson.core.JsonToken.VALUE_STRING && depth == 2) {
            String grams = p.getText();
            int start = 0;
            while (start < grams.length()) {
              int sp = grams.indexOf(' ', start);
              int stop = sp < 0 ? grams.length() : sp;
              if (stop - start == n) { // BMP letters only: keys pack 16 bits a letter
                long k = 0;
                for (int i = start; i < stop; i++) {
                  k = (k << 16) | grams.charAt(i);
                }
                if (size == keys.length) {
                  keys = Arrays.copyOf(keys, size * 2);
                  probs = Arrays.copyOf(probs, size * 2);
                }
                keys[size] = k;
                probs[size++] = logp;
              }
              start = stop + 1;
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read Lingua's model for " + l, e);
    }
    return new Object[] {Arrays.copyOf(keys, size), Arrays.copyOf(probs, size)};
  }

  static long key(String g) {
    long k = 0;
    for (int i = 0; i < g.length(); i++) {
      k = (k << 16) | g.charAt(i);
    }
    return k;
  }

  /**
   * Per-language log-probability sums over a text's letters (each letter after the first of a run of
   * letters, predicted from up to three letters before it), and how many letters were scored.
   */
  double[] score(String text, int[] count) {
    int nl = languages.length;
    double[] sum = new double[nl];
    int[] stamp = new int[nl]; // position at which a language last got its probability
    int n = 0;
    long context = 0; // the run's last letters, 16 bits each, most recent lowest
    int run = 0;
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (!Character.isLetter(ch)) {
        run = 0;
        context = 0;
        continue;
      }
      long c = Character.toLowerCase(ch);
      if (run > 0) {
        n++;
        // Every language starts at the floor; found n-grams add their difference to it, the
        // highest order first (stupid backoff).
        double backoff = 0;
        for (int order = Math.min(ORDER, run + 1); order >= 1; order--) {
          long ctx = order == 1 ? 0 : context & ((1L << (16 * (order - 1))) - 1);
          tables[order].add((ctx << 16) | c, sum, stamp, n, backoff - FLOOR);
          backoff += BACKOFF;
        }
      }
      context = (context << 16) | c;
      run++;
    }
    for (int l = 0; l < nl; l++) {
      sum[l] += n * FLOOR;
    }
    count[0] = n;
    return sum;
  }

  /** Open addressing from an n-gram key to the (language, log-probability) pairs that have it. */
  static final class Table {
    private long[] keys = new long[1 << 12];
    private int[] first = new int[1 << 12]; // index of the entry list, -1 empty
    private int size;
    private int[] next = new int[1 << 12]; // entries: linked within a key
    private short[] lang = new short[1 << 12];
    private float[] logp = new float[1 << 12];
    private int entries;

    Table(int languages) {
      Arrays.fill(first, -1);
    }

    private int slot(long k) {
      int mask = keys.length - 1;
      int h = (int) (mix(k) & mask);
      while (first[h] != -1 && keys[h] != k) {
        h = (h + 1) & mask;
      }
      return h;
    }

    private static long mix(long k) {
      k ^= k >>> 33;
      k *= 0xff51afd7ed558ccdL;
      k ^= k >>> 33;
      return k;
    }

    void put(long k, int language, float p) {
      if ((size + 1) * 2 > keys.length) {
        grow();
      }
      int h = slot(k);
      if (first[h] == -1) {
        keys[h] = k;
        size++;
      }
      if (entries == lang.length) {
        next = Arrays.copyOf(next, entries * 2);
        lang = Arrays.copyOf(lang, entries * 2);
        logp = Arrays.copyOf(logp, entries * 2);
      }
      next[entries] = first[h];
      lang[entries] = (short) language;
      logp[entries] = p;
      first[h] = entries++;
    }

    private void grow() {
      long[] ok = keys;
      int[] of = first;
      keys = new long[ok.length * 2];
      first = new int[ok.length * 2];
      Arrays.fill(first, -1);
      for (int i = 0; i < ok.length; i++) {
        if (of[i] != -1) {
          int h = slot(ok[i]);
          keys[h] = ok[i];
          first[h] = of[i];
        }
      }
    }

    private int[] end; // after compact(): entries of slot h are [first[h], end[h])

    /** Lays each key's entries out contiguously, for lookups that touch one cache line or two. */
    void compact() {
      short[] l2 = new short[entries];
      float[] p2 = new float[entries];
      end = new int[keys.length];
      int at = 0;
      for (int h = 0; h < keys.length; h++) {
        if (first[h] == -1) {
          continue;
        }
        int start = at;
        for (int e = first[h]; e != -1; e = next[e]) {
          l2[at] = lang[e];
          p2[at] = logp[e];
          at++;
        }
        first[h] = start;
        end[h] = at;
      }
      lang = l2;
      logp = p2;
      next = null;
    }

    /** For each language with the key not yet stamped at {@code pos}: sum += logp + add, and stamp it. */
    void add(long k, double[] sum, int[] stamp, int pos, double add) {
      int mask = keys.length - 1;
      int h = (int) (mix(k) & mask);
      while (first[h] != -1) {
        if (keys[h] == k) {
          for (int e = first[h], stop = end[h]; e < stop; e++) {
            int l = lang[e];
            if (stamp[l] != pos) {
              stamp[l] = pos;
              sum[l] += logp[e] + add;
            }
          }
          return;
        }
        h = (h + 1) & mask;
      }
    }
  }
}
