package dev.kiln.clean.pii;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ChecksumsTest {
  @Test
  void luhnAcceptsPublishedTestCardsAndRejectsOneDigitChanges() {
    // Test numbers the card networks publish for payment sandboxes.
    for (String card : new String[] {"4111111111111111", "5555555555554444", "378282246310005", "6011111111111117",
        "3530111333300000", "4012888888881881", "2223003122003222"}) {
      assertTrue(Checksums.luhn(card), card);
      char last = card.charAt(card.length() - 1);
      String changed = card.substring(0, card.length() - 1) + (char) ('0' + (last - '0' + 1) % 10);
      assertFalse(Checksums.luhn(changed), changed);
    }
    assertTrue(Checksums.luhn("4111 1111 1111 1111"), "separators are ignored");
    assertFalse(Checksums.luhn("0"), "one digit is not a number to check");
  }

  @Test
  void luhnCheckDigitCompletesANumber() {
    assertEquals('1', Checksums.luhnCheckDigit("411111111111111"));
    assertEquals('5', Checksums.luhnCheckDigit("37828224631000"));
  }

  @Test
  void chineseIdCheckCharacterFollowsIso7064Mod112() {
    // The sample number of the GB 11643 standard: sum of weights x digits = 167, 167 mod 11 = 2 -> 'X'.
    assertEquals('X', Checksums.chineseIdCheck("11010519491231002"));
    assertTrue(Checksums.chineseId("11010519491231002X"));
    assertTrue(Checksums.chineseId("11010519491231002x"), "a lower-case x is accepted");
    assertFalse(Checksums.chineseId("110105194912310021"), "wrong check character");
    // Sum for 44030519900101001 by hand: 4*7+4*9+0*10+3*5+0*8+5*4+1*2+9*1+9*6+0*3+0*7+1*9+0*10+1*5+0*8+0*4+1*2 = 180, 180 mod 11 = 4 -> '8'.
    assertEquals('8', Checksums.chineseIdCheck("44030519900101001"));
  }

  @Test
  void chineseIdNeedsARealBirthDateAndRegion() {
    String base = "110105";
    assertTrue(Checksums.chineseId(withCheck(base + "20000229" + "123")), "2000 is a leap year");
    assertFalse(Checksums.chineseId(withCheck(base + "19000229" + "123")), "1900 is not a leap year");
    assertFalse(Checksums.chineseId(withCheck(base + "19901301" + "123")), "month 13");
    assertFalse(Checksums.chineseId(withCheck(base + "19900431" + "123")), "April 31");
    assertFalse(Checksums.chineseId(withCheck(base + "18991231" + "123")), "before 1900");
    assertFalse(Checksums.chineseId(withCheck("910105" + "19900101" + "123")), "region codes start with 1-8");
    assertFalse(Checksums.chineseId(withCheck("010105" + "19900101" + "123")), "region codes start with 1-8");
  }

  private static String withCheck(String first17) {
    return first17 + Checksums.chineseIdCheck(first17);
  }
}
