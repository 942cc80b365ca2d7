package dev.kiln.core.stage;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Documents one component of a stage's {@code Config} record. The recipe key is the component
 * name in snake_case. A parameter without a default is required.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.PARAMETER})
public @interface Param {
  String NO_DEFAULT = "\u0000required";

  String value();

  /** The default in recipe syntax (YAML scalar or flow collection), e.g. "0", "[en, zh]". */
  String defaultValue() default NO_DEFAULT;

  /**
   * A file path (e.g. a tokenizer.json): in a recipe, a relative path is taken from the recipe's
   * directory, as input paths are.
   */
  boolean path() default false;
}
