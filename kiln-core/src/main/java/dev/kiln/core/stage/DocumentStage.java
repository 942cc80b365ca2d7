package dev.kiln.core.stage;

import dev.kiln.core.Document;

/**
 * A per-document stage: a pure function that transforms, annotates or drops one document. An
 * exception quarantines the document (with the error); it never stops the run.
 */
public non-sealed interface DocumentStage extends Stage {
  Outcome apply(Document doc) throws Exception;
}
