package dev.kiln.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Token counts written by people ("1.4T") or by a Kiln run (its stats.json). */
public final class Tokens {

  private static final Pattern COUNT =
      Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE]([+-]?\\d+))?\\s*([kKmMbBtT]?)");

  private Tokens() {}

  /**
   * Parses a positive count: digits, a decimal or an exponent, with an optional decimal suffix
   * K (1e3), M (1e6), B (1e9) or T (1e12): "1T", "1.4T", "300B", "20M", "4194304", "1e12".
   */
  public static long parse(String text) {
    Matcher m = COUNT.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "cannot read token count '" + text + "': expected a number with an optional K, M, B"
              + " or T suffix, like 1.4T or 300B");
    }
    BigDecimal value = new BigDecimal(m.group(1));
    if (m.group(2) != null) {
      value = value.scaleByPowerOfTen(Integer.parseInt(m.group(2)));
    }
    int power =
        switch (m.group(3).toUpperCase(Locale.ROOT)) {
          case "K" -> 3;
          case "M" -> 6;
          case "B" -> 9;
          case "T" -> 12;
          default -> 0;
        };
    long count;
    try {
      count = value.scaleByPowerOfTen(power).setScale(0, RoundingMode.UNNECESSARY).longValueExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          "token count '" + text + "' is not a whole number that fits in 64 bits", e);
    }
    if (count <= 0) {
      throw new IllegalArgumentException("token count must be positive, got '" + text + "'");
    }
    return count;
  }

  /**
   * Reads the token count of a Kiln run. Contract: {@code stats.json} in the run's output
   * directory is a JSON object whose top-level field {@code tokens} is the number of tokens
   * written (a non-negative integer); other fields are ignored. {@code path} is that directory
   * or the stats.json file itself.
   */
  public static long fromStats(Path path) {
    Path file = Files.isDirectory(path) ? path.resolve("stats.json") : path;
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no Kiln stats at " + file);
    }
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read Kiln stats " + file, e);
    }
    JsonNode tokens = root == null ? null : root.get("tokens");
    if (tokens == null || !tokens.isNumber()) {
      throw new IllegalArgumentException(
          file + " has no numeric top-level field 'tokens' (the token count a tokenizing run"
              + " writes)");
    }
    try {
      long count = tokens.decimalValue().longValueExact();
      if (count < 0) {
        throw new IllegalArgumentException(file + ": 'tokens' is negative: " + count);
      }
      return count;
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          file + ": 'tokens' must be a whole number that fits in 64 bits, got " + tokens, e);
    }
  }

  /** A count as {@link #parse} reads it, or else a path as {@link #fromStats} reads it. */
  public static long resolve(String countOrPath) {
    if (COUNT.matcher(countOrPath.trim()).matches()) {
      return parse(countOrPath);
    }
    Path path = Path.of(countOrPath);
    if (!Files.exists(path)) {
      throw new IllegalArgumentException(
          "'" + countOrPath + "' is neither a token count (like 1.4T) nor an existing Kiln output"
              + " directory or stats.json");
    }
    return fromStats(path);
  }
}
