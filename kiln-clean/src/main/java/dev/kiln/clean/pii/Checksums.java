package dev.kiln.clean.pii;

/** The check-digit algorithms PII validation uses. */
public final class Checksums {
  private Checksums() {}

  /** Luhn (mod 10) over the digits of {@code s}, other characters ignored; false with fewer than two digits. */
  public static boolean luhn(CharSequence s) {
    int sum = 0;
    int n = 0;
    for (int i = s.length() - 1; i >= 0; i--) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        continue;
      }
      int d = c - '0';
      if ((n & 1) == 1) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      n++;
    }
    return n >= 2 && sum % 10 == 0;
  }

  /** The Luhn check digit that completes {@code digits} (all digits). */
  public static char luhnCheckDigit(CharSequence digits) {
    int sum = 0;
    for (int i = digits.length() - 1, n = 0; i >= 0; i--, n++) {
      int d = digits.charAt(i) - '0';
      if ((n & 1) == 0) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
    }
    return (char) ('0' + (10 - sum % 10) % 10);
  }

  private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  private static final char[] ID_CHECK = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};

  /**
   * The ISO 7064 MOD 11-2 check character of a Chinese resident identity number's first 17 digits
   * (weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2; remainder 0..10 maps to 1 0 X 9 8 7 6 5 4 3 2).
   */
  public static char chineseIdCheck(CharSequence first17) {
    if (first17.length() != 17) {
      throw new IllegalArgumentException("need 17 digits, got " + first17.length());
    }
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      char c = first17.charAt(i);
      if (c < '0' || c > '9') {
        throw new IllegalArgumentException("not a digit: '" + c + "'");
      }
      sum += (c - '0') * ID_WEIGHTS[i];
    }
    return ID_CHECK[sum % 11];
  }

  /**
   * Whether 18 characters are a valid Chinese resident identity number: 17 digits and a check
   * character (X in either case), a region code starting 1-8, a real birth date from 1900 to 2099,
   * and the MOD 11-2 check.
   */
  public static boolean chineseId(CharSequence id) {
    if (id.length() != 18) {
      return false;
    }
    for (int i = 0; i < 17; i++) {
      char c = id.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    char first = id.charAt(0);
    if (first < '1' || first > '8') {
      return false;
    }
    int year = num(id, 6, 10);
    int month = num(id, 10, 12);
    int day = num(id, 12, 14);
    if (year < 1900 || year > 2099 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) {
      return false;
    }
    char check = Character.toUpperCase(id.charAt(17));
    return check == chineseIdCheck(id.subSequence(0, 17));
  }

  static int daysIn(int year, int month) {
    return switch (month) {
      case 2 -> (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  private static int num(CharSequence s, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      v = v * 10 + (s.charAt(i) - '0');
    }
    return v;
  }
}
