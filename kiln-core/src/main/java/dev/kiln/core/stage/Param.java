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

  /**
   * The measures this parameter is a threshold of, when its name does not say so (a parameter
   * {@code min_X} or {@code max_X} bounds the measure {@code X} by convention): metadata keys, or
   * their last part after the stage's name, e.g. {@code "lang_score"} or {@code "hash_ratio"}.
   * {@code {key}} stands for each key of this parameter (a mapping, such as n-gram sizes), and
   * {@code {other_param}} for the value of another parameter (each element of a list), e.g.
   * {@code "{prefix}{keep_labels}"}. Reports draw the parameter as a threshold line on those
   * measures' histograms.
   */
  String[] bounds() default {};
}
