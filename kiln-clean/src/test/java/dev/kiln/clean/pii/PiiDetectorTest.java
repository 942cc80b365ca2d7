package dev.kiln.clean.pii;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Hand-written cases per format: each value must come back as exactly one span of its type. */
class PiiDetectorTest {
  private final PiiDetector detector = PiiDetector.all();

  private void assertFinds(PiiType type, String value, String before, String after) {
    String text = before + value + after;
    List<PiiMatch> found = detector.find(text);
    assertEquals(List.of(new PiiMatch(type, before.length(), before.length() + value.length(), value)), found, "in: " + text);
  }

  private void assertNothing(String text) {
    assertEquals(List.of(), detector.find(text), "in: " + text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"john.doe@example.com", "li.na+news@mail.example.co.uk", "13812345678@163.com", "ZHANG_SAN@QQ.COM",
      "support-team@company-name.de", "x@sub.domain.museum"})
  void emails(String v) {
    assertFinds(PiiType.EMAIL, v, "write to ", ". Thanks");
    assertFinds(PiiType.EMAIL, v, "邮箱：", "。");
    assertFinds(PiiType.EMAIL, v, "<", ">");
  }

  @ParameterizedTest
  @ValueSource(strings = {"13812345678", "138 1234 5678", "138-1234-5678", "+86 138 1234 5678", "+86-13912345678", "+8615012345678",
      "0086 17712345678", "(+86) 186-1234-5678", "+1 415 555 2671", "+1 (415) 555-2671", "+44 20 7946 0958", "+49 30 12345678",
      "+33 1 23 45 67 89", "+81-3-1234-5678", "+852 2123 4567", "+14155552671", "(415) 555-2671", "415-555-2671", "415.555.2671",
      "1-800-555-0199", "010-62345678", "(0755) 23456789"})
  void phones(String v) {
    assertFinds(PiiType.PHONE, v, "call ", " now");
    assertFinds(PiiType.PHONE, v, "电话", "，谢谢");
  }

  @ParameterizedTest
  @ValueSource(strings = {"11010519491231002X", "11010519491231002x", "440305199001010018", "110105 19491231 002X"})
  void chineseIdNumbers(String v) {
    assertTrue(Checksums.chineseId(v.replace(" ", "")), v);
    assertFinds(PiiType.ID_NUMBER, v, "身份证号码：", "。");
    assertFinds(PiiType.ID_NUMBER, v, "ID ", ", born");
  }

  @ParameterizedTest
  @ValueSource(strings = {"4111111111111111", "4111 1111 1111 1111", "4111-1111-1111-1111", "5555555555554444", "378282246310005",
      "3782 822463 10005", "6011111111111117", "2223003122003222", "6212 3456 7890 1234 569", "4222222222222"})
  void bankCards(String v) {
    assertTrue(Checksums.luhn(v), "test value must be Luhn-valid: " + v);
    assertFinds(PiiType.BANK_CARD, v, "card ", " expires");
    assertFinds(PiiType.BANK_CARD, v, "卡号：", "，");
  }

  @ParameterizedTest
  @ValueSource(strings = {"192.168.1.1", "66.187.233.211", "8.8.8.8", "255.255.255.0", "0.0.0.0", "2001:db8::1",
      "2001:0db8:85a3:0000:0000:8a2e:0370:7334", "fe80::1ff:fe23:4567:890a", "::1", "::ffff:192.0.2.128", "ff02::2"})
  void ipAddresses(String v) {
    assertFinds(PiiType.IP_ADDRESS, v, "from ", " via");
    assertFinds(PiiType.IP_ADDRESS, v, "[", "]");
    assertFinds(PiiType.IP_ADDRESS, v, "服务器", "，");
  }

  @Test
  void portsZonesAndPrefixLengthsStayOutsideTheSpan() {
    assertFinds(PiiType.IP_ADDRESS, "10.0.0.1", "http://", ":8080/index.html");
    assertFinds(PiiType.IP_ADDRESS, "192.168.0.0", "route ", "/24 via");
    assertFinds(PiiType.IP_ADDRESS, "fe80::1", "ping ", "%eth0");
    assertFinds(PiiType.IP_ADDRESS, "1.2.3.4", "", ".");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "card 4111111111111112 (fails Luhn)", "4111 1111 1111 1112", "1234567890123456",
      "dated 2023-08-22, 2023/08/22, 22.08.2023 and 20230822", "at 2002-08-22 12:36:23 +0100", "2023-08-22T10:15:30Z",
      "timestamps 1692700000, 1692700000123 and 1692700000123456", "version 1.2.3.4", "v1.2.3.4", "Linux 2.6.32.1",
      "Mozilla/4.0.1.2 (compatible)", "release 10.0.0.1-rc1", "OID 1.3.6.1.4.1.311", "1.2.3", "3.14159265358979",
      "Order #13812345678", "订单号：202308221234567890", "运单号 4111111111111111", "invoice 13912345678", "ISBN 978-3-16-148410-0",
      "550e8400-e29b-41d4-a716-446655440000", "MAC 00:1a:2b:3c:4d:5e", "at 12:30:45", "std::vector and Foo::bar", "byte 3:: bit 7",
      "110105194912310021 (bad check)", "110105199013010012 (month 13)", "icon@2x.png", "@username", "user@localhost",
      "$1,234,567.89", "12345678901234567890123", "+999999999-12-31", "arp_ip_target=+192.168.1.2 is an IP, not a phone"})
  void lookAlikesAreLeftAlone(String text) {
    List<PiiMatch> found = detector.find(text);
    if (text.startsWith("arp_ip_target")) {
      assertEquals(1, found.size(), found.toString());
      assertEquals(PiiType.IP_ADDRESS, found.get(0).type());
      return;
    }
    assertNothing(text);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "13812345678123|digits continue after a mobile number",
      "a13812345678|a letter before",
      "1.192.168.1.1|a longer dotted run",
      "192.168.1.1.5|a longer dotted run",
      "x4111111111111111|a letter before a card"})
  void noMatchInsideLongerTokens(String text, String why) {
    assertNothing(text);
  }

  @Test
  void longestCandidateWinsOverlaps() {
    // A phone number as an e-mail local part is one e-mail.
    List<PiiMatch> found = detector.find("mail 13812345678@163.com now");
    assertEquals(1, found.size());
    assertEquals(PiiType.EMAIL, found.get(0).type());
    // An IPv4-mapped IPv6 address is one address, not two.
    found = detector.find("::ffff:10.1.2.3");
    assertEquals(1, found.size());
    assertEquals("::ffff:10.1.2.3", found.get(0).value());
  }

  @Test
  void severalKindsInOneText() {
    String text = "张三，身份证11010519491231002X，手机+86 138-1234-5678，邮箱zs@example.cn，卡号6212345678901234569，登录IP 10.2.3.4。";
    List<PiiMatch> found = detector.find(text);
    assertEquals(List.of(PiiType.ID_NUMBER, PiiType.PHONE, PiiType.EMAIL, PiiType.BANK_CARD, PiiType.IP_ADDRESS),
        found.stream().map(PiiMatch::type).toList());
    for (PiiMatch m : found) {
      assertEquals(m.value(), text.substring(m.start(), m.end()));
    }
  }

  @Test
  void onlyTheEnabledTypes() {
    PiiDetector emailsOnly = new PiiDetector(EnumSet.of(PiiType.EMAIL));
    List<PiiMatch> found = emailsOnly.find("a@b.com 13812345678 10.0.0.1");
    assertEquals(1, found.size());
    assertEquals(PiiType.EMAIL, found.get(0).type());
    assertFalse(new PiiDetector(EnumSet.of(PiiType.PHONE)).find("13812345678").isEmpty());
  }
}
