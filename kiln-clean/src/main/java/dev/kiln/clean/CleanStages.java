package dev.kiln.clean;

import dev.kiln.clean.filters.LengthFilter;
import dev.kiln.core.stage.Stage;
import dev.kiln.core.stage.StageProvider;
import java.util.List;

/** The cleaning module's stages, for the registry. */
public final class CleanStages implements StageProvider {
  @Override
  public List<Class<? extends Stage>> stages() {
    return List.of(LengthFilter.class,
        dev.kiln.clean.classify.ClassifyStage.class, dev.kiln.clean.pii.PiiStage.class,
        dev.kiln.clean.quality.GopherQuality.class, dev.kiln.clean.quality.GopherRepetition.class, dev.kiln.clean.quality.C4Quality.class, dev.kiln.clean.quality.FineWebQuality.class, dev.kiln.clean.quality.CharRatio.class, dev.kiln.clean.quality.CharRepetition.class, dev.kiln.clean.quality.UrlRatio.class, dev.kiln.clean.keywords.KeywordFilter.class, dev.kiln.clean.keywords.ToxicFilter.class,
        dev.kiln.clean.extract.HtmlExtract.class, dev.kiln.clean.normalize.Normalize.class, dev.kiln.clean.langid.LangId.class);
  }
}
