package dev.kiln.clean.pii;

/** The kinds of personal data the {@code pii} stage finds; the name is the metadata type and the tag text. */
public enum PiiType {
  EMAIL,
  PHONE,
  ID_NUMBER,
  BANK_CARD,
  IP_ADDRESS;

  /** The replacement written into the text, e.g. {@code <EMAIL>}. */
  public String tag() {
    return "<" + name() + ">";
  }
}
