package dev.kiln.core.stage;

import java.util.List;

/**
 * Lists a module's stages; found with {@link java.util.ServiceLoader}, so adding a module to the
 * class path is all it takes for recipes to name its stages.
 */
public interface StageProvider {
  List<Class<? extends Stage>> stages();
}
