package dev.kiln.core.stage;

import dev.kiln.core.Document;
import dev.kiln.core.engine.Dataset;

/**
 * A stage that needs the whole corpus (dedup, mixing, ordering), written as explicit phases on the
 * {@link Dataset} API (flatMap to keyed records, groupByKey, reduce) so every engine runs it
 * unchanged. It counts its own documents in, kept and dropped through the task context.
 */
public non-sealed interface GlobalStage extends Stage {
  Dataset<Document> apply(Dataset<Document> docs, StageContext context);
}
