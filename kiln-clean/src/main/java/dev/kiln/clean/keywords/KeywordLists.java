package dev.kiln.clean.keywords;

import static dev.kiln.core.util.Preconditions.checkArgument;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads word lists: {@code builtin:NAME} is a list shipped with Kiln
 * ({@code dev/kiln/clean/keywords/NAME.txt}: low_quality_en, low_quality_zh, banned_en, banned_zh,
 * toxic_en, toxic_zh), anything else a UTF-8 file path, one term a line; blank lines and lines
 * starting with {@code #} are skipped.
 */
public final class KeywordLists {
  private KeywordLists() {}

  public static final String BUILTIN = "builtin:";

  public static List<String> load(String spec) {
    try {
      if (spec.startsWith(BUILTIN)) {
        String name = spec.substring(BUILTIN.length());
        InputStream in = KeywordLists.class.getResourceAsStream(name + ".txt");
        if (in == null || !name.matches("[a-z0-9_]+")) {
          throw new IllegalArgumentException("no built-in word list '" + name
              + "'; built-in lists: low_quality_en, low_quality_zh, banned_en, banned_zh, toxic_en, toxic_zh");
        }
        try (in) {
          return parse(in);
        }
      }
      Path p = Path.of(spec);
      checkArgument(Files.isReadable(p), "word list file " + p.toAbsolutePath() + " is not readable (or use builtin:NAME)");
      try (InputStream in = Files.newInputStream(p)) {
        return parse(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> parse(InputStream in) throws IOException {
    List<String> out = new ArrayList<>();
    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String line;
    while ((line = r.readLine()) != null) {
      String t = line.strip();
      if (!t.isEmpty() && !t.startsWith("#")) {
        out.add(t);
      }
    }
    return out;
  }

  /** A matcher over several lists per group: {@code specsByGroup.get(g)} are group g's list specs. */
  public static KeywordMatcher matcher(List<List<String>> specsByGroup) {
    List<String> patterns = new ArrayList<>();
    List<Integer> groups = new ArrayList<>();
    for (int g = 0; g < specsByGroup.size(); g++) {
      for (String spec : specsByGroup.get(g)) {
        for (String term : load(spec)) {
          patterns.add(term);
          groups.add(g);
        }
      }
    }
    return new KeywordMatcher(patterns, groups.stream().mapToInt(Integer::intValue).toArray(), specsByGroup.size());
  }
}
