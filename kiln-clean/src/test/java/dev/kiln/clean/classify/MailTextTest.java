package dev.kiln.clean.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MailTextTest {
  @Test
  void dropsTheHeaderBlockOfAMail() {
    String mail = "From bob@example.com  Thu Aug 22 12:36:23 2002\nReturn-Path: <bob@example.com>\nReceived: from a\n\tby b\n"
        + "Subject: hello\n\nThe body.\nSecond line.\n";
    assertEquals("The body.\nSecond line.\n", MailText.body(mail));
    assertEquals("Body", MailText.body("Subject: x\r\nFrom: y\r\n\r\nBody"));
  }

  @Test
  void leavesOtherTextAlone() {
    String text = "Note: this is not a mail.\nIt has a colon in the first line.\n\nAnd a paragraph.";
    assertEquals(text, MailText.body(text));
    assertEquals("plain", MailText.body("plain"));
    assertEquals("", MailText.body(""));
  }
}
