package dev.kiln.core.stage;

/**
 * A stage that scrubs what must not leave the run (personal data): whatever else of a document the
 * run writes besides its shards (report samples, excerpts of quarantined input) goes through its
 * {@link #redact}, so scrubbed output never shows what was scrubbed, even in a sample taken before
 * the stage ran.
 */
public interface Redacting {
  /** The text with what this stage scrubs replaced as the stage replaces it. */
  String redact(String text);
}
