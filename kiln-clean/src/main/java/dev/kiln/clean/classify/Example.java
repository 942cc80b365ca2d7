package dev.kiln.clean.classify;

/** One labelled document for training or evaluation. */
public record Example(String id, String text, String label) {
  public Example {
    java.util.Objects.requireNonNull(id, "id");
    java.util.Objects.requireNonNull(text, "text");
    java.util.Objects.requireNonNull(label, "label");
  }
}
