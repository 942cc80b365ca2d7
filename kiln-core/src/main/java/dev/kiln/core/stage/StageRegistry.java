package dev.kiln.core.stage;

import static dev.kiln.core.util.Preconditions.checkArgument;

import dev.kiln.core.recipe.RecipeException;
import dev.kiln.core.util.Suggest;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToIntFunction;
import org.yaml.snakeyaml.Yaml;

/**
 * Finds stages by name, Lucene-factory style: each stage class carries a {@link StageInfo} and a
 * nested {@code Config} record whose components are its parameters, and a constructor taking that
 * record. Recipe values are checked and converted here, so a typo fails before any data is read.
 */
public final class StageRegistry {
  private final Map<String, StageDescriptor> byName;

  private StageRegistry(Map<String, StageDescriptor> byName) {
    this.byName = byName;
  }

  /** All stages of every module on the class path. */
  public static StageRegistry load() {
    List<Class<? extends Stage>> classes = new ArrayList<>();
    for (StageProvider p : ServiceLoader.load(StageProvider.class)) {
      classes.addAll(p.stages());
    }
    return of(classes);
  }

  public static StageRegistry of(Collection<Class<? extends Stage>> classes) {
    Map<String, StageDescriptor> m = new TreeMap<>();
    for (Class<? extends Stage> c : classes) {
      StageDescriptor d = describe(c);
      StageDescriptor clash = m.put(d.name(), d);
      if (clash != null && clash.type() != c) {
        throw new IllegalStateException("two stages named '" + d.name() + "': " + clash.type().getName() + " and " + c.getName());
      }
    }
    return new StageRegistry(Map.copyOf(m));
  }

  public Collection<StageDescriptor> all() {
    return new TreeMap<>(byName).values();
  }

  public StageDescriptor get(String name) {
    StageDescriptor d = byName.get(name);
    checkArgument(d != null, "unknown stage '" + name + "'" + Suggest.didYouMean(name, byName.keySet()) + "; known stages: "
        + String.join(", ", new TreeMap<>(byName).keySet()));
    return d;
  }

  public boolean contains(String name) {
    return byName.containsKey(name);
  }

  /**
   * Builds a stage from recipe parameters. {@code lineOf} gives the recipe line of a parameter key
   * (or of the stage when the key is null), for error messages.
   */
  public Stage create(String name, Map<String, ?> params, ToIntFunction<String> lineOf) {
    if (params.containsKey(BY) || params.containsKey(OVERRIDES) || params.containsKey(ONLY)) {
      return createByMeta(name, params, lineOf);
    }
    StageDescriptor d;
    try {
      d = get(name);
    } catch (IllegalArgumentException e) {
      throw new RecipeException(lineOf.applyAsInt(null), e.getMessage());
    }
    for (String key : params.keySet()) {
      if (d.param(key) == null) {
        throw new RecipeException(lineOf.applyAsInt(key), "stage '" + name + "' has no parameter '" + key + "'"
            + Suggest.didYouMean(key, d.params().stream().map(ParamDescriptor::key).toList()) + "; its parameters: "
            + (d.params().isEmpty() ? "(none)" : String.join(", ", d.params().stream().map(ParamDescriptor::key).toList())));
      }
    }
    RecordComponent[] comps = d.configType().getRecordComponents();
    Object[] args = new Object[comps.length];
    for (int i = 0; i < comps.length; i++) {
      ParamDescriptor p = d.params().get(i);
      boolean given = params.containsKey(p.key());
      if (!given && p.required()) {
        throw new RecipeException(lineOf.applyAsInt(null), "stage '" + name + "' needs parameter '" + p.key() + "' (" + p.description() + ")");
      }
      Object raw = given ? params.get(p.key()) : parseDefault(p);
      try {
        args[i] = convert(raw, comps[i].getGenericType());
      } catch (IllegalArgumentException e) {
        throw new RecipeException(lineOf.applyAsInt(given ? p.key() : null),
            "stage '" + name + "' parameter '" + p.key() + "': " + e.getMessage());
      }
    }
    try {
      Object config = d.configType().getDeclaredConstructor(componentTypes(comps)).newInstance(args);
      return d.type().getConstructor(d.configType()).newInstance(config);
    } catch (InvocationTargetException e) {
      // The stage rejected its configuration (a check in its constructor): a recipe error.
      Throwable cause = e.getCause();
      if (cause instanceof IllegalArgumentException || cause instanceof IllegalStateException) {
        throw new RecipeException(lineOf.applyAsInt(null), "stage '" + name + "': " + cause.getMessage());
      }
      throw new IllegalStateException("stage '" + name + "' failed to build", cause);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("stage '" + name + "' cannot be built", e);
    }
  }

  /**
   * A valid stage's parameters as a recipe gave them with every default filled in, in declaration
   * order ({@code by} and {@code overrides} last, as written): what reports show and draw thresholds from.
   */
  public Map<String, Object> effectiveParams(String name, Map<String, ?> params) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (!contains(name)) {
      out.putAll(params);
      return out;
    }
    for (ParamDescriptor p : get(name).params()) {
      out.put(p.key(), params.containsKey(p.key()) ? params.get(p.key()) : parseDefault(p));
    }
    for (String k : List.of(BY, OVERRIDES, ONLY)) {
      if (params.containsKey(k)) {
        out.put(k, params.get(k));
      }
    }
    return out;
  }

  /**
   * A threshold a parameter is of a measure: the measure's metadata key (or its last part after the
   * stage's name), the parameter, and for a mapping parameter the key whose value it is (else null).
   */
  public record Bound(String measure, String param, String key) {}

  /**
   * The thresholds a stage's parameters declare ({@link Param#bounds}), their templates filled in
   * from {@code params} (effective parameters): what reports draw besides the {@code min_X}/{@code max_X}
   * convention.
   */
  public List<Bound> bounds(String name, Map<String, ?> params) {
    List<Bound> out = new ArrayList<>();
    if (!contains(name)) {
      return out;
    }
    for (ParamDescriptor p : get(name).params()) {
      for (String template : p.bounds()) {
        if (template.contains("{key}")) {
          if (params.get(p.key()) instanceof Map<?, ?> m) {
            for (Object k : m.keySet()) {
              fill(template.replace("{key}", String.valueOf(k)), params).forEach(x -> out.add(new Bound(x, p.key(), String.valueOf(k))));
            }
          }
        } else {
          fill(template, params).forEach(x -> out.add(new Bound(x, p.key(), null)));
        }
      }
    }
    return out;
  }

  /** A template with each {@code {param}} replaced by that parameter's value (one result per element of a list). */
  private static List<String> fill(String template, Map<String, ?> params) {
    int open = template.indexOf('{');
    int close = template.indexOf('}', open + 1);
    if (open < 0 || close < 0) {
      return List.of(template);
    }
    Object v = params.get(template.substring(open + 1, close));
    List<String> out = new ArrayList<>();
    for (Object value : v instanceof List<?> list ? list : v == null ? List.of() : List.of(v)) {
      out.addAll(fill(template.substring(0, open) + value + template.substring(close + 1), params));
    }
    return out;
  }

  /**
   * Recipe keys every per-document stage takes: a metadata key, parameters per value of it, and
   * the values the stage applies to at all (other documents pass it untouched).
   */
  public static final String BY = "by";
  public static final String OVERRIDES = "overrides";
  public static final String ONLY = "only";

  private Stage createByMeta(String name, Map<String, ?> params, ToIntFunction<String> lineOf) {
    Object by = params.get(BY);
    Object overrides = params.containsKey(OVERRIDES) ? params.get(OVERRIDES) : Map.of();
    Object only = params.get(ONLY);
    if (!(by instanceof String key) || !(overrides instanceof Map<?, ?> perValue) || !params.containsKey(OVERRIDES) && only == null) {
      throw new RecipeException(lineOf.applyAsInt(params.containsKey(BY) ? BY : params.containsKey(OVERRIDES) ? OVERRIDES : ONLY),
          "stage '" + name + "': 'by' (a metadata key such as domain or lang) goes with 'overrides' (a mapping from its values to parameters),"
              + " 'only' (a list of its values), or both");
    }
    Set<String> onlyValues = null;
    if (only != null) {
      if (!(only instanceof List<?> list) || list.isEmpty()) {
        throw new RecipeException(lineOf.applyAsInt(ONLY), "stage '" + name + "': 'only' must be a non-empty list of values of '" + key + "'");
      }
      onlyValues = new LinkedHashSet<>();
      for (Object v : list) {
        onlyValues.add(String.valueOf(v));
      }
    }
    Map<String, Object> base = new LinkedHashMap<>(params);
    base.remove(BY);
    base.remove(OVERRIDES);
    base.remove(ONLY);
    Stage fallback = create(name, base, lineOf);
    if (!(fallback instanceof DocumentStage doc)) {
      throw new RecipeException(lineOf.applyAsInt(BY), "stage '" + name + "' is global; 'by'/'overrides' apply to per-document stages");
    }
    Map<String, DocumentStage> stages = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : perValue.entrySet()) {
      if (!(e.getValue() instanceof Map<?, ?> extra)) {
        throw new RecipeException(lineOf.applyAsInt(OVERRIDES), "stage '" + name + "': overrides." + e.getKey() + " must be a mapping of parameters");
      }
      Map<String, Object> merged = new LinkedHashMap<>(base);
      extra.forEach((k, v) -> merged.put(String.valueOf(k), v));
      stages.put(String.valueOf(e.getKey()), (DocumentStage) create(name, merged, k -> lineOf.applyAsInt(OVERRIDES)));
    }
    return new ByMeta(key, doc, stages, onlyValues);
  }

  /** Builds a stage from string values, as given on a command line ({@code --set key=value}). */
  public Stage create(String name, Map<String, String> textParams) {
    Yaml yaml = new Yaml();
    Map<String, Object> parsed = new LinkedHashMap<>();
    textParams.forEach((k, v) -> parsed.put(k, yaml.load(v)));
    return create(name, parsed, key -> 0);
  }

  public static String nameOf(Class<?> stageClass) {
    StageInfo info = stageClass.getAnnotation(StageInfo.class);
    if (info == null) {
      throw new IllegalStateException(stageClass.getName() + " has no @StageInfo");
    }
    return info.name();
  }

  private static StageDescriptor describe(Class<? extends Stage> c) {
    String name = nameOf(c);
    Class<?> config = null;
    for (Class<?> inner : c.getDeclaredClasses()) {
      if (inner.isRecord() && inner.getSimpleName().equals("Config")) {
        config = inner;
      }
    }
    if (config == null) {
      throw new IllegalStateException(c.getName() + " needs a nested record Config (empty if it takes no parameters)");
    }
    if (!java.io.Serializable.class.isAssignableFrom(config)) {
      throw new IllegalStateException(config.getName() + " must implement Serializable (engines ship stages to workers)");
    }
    try {
      c.getConstructor(config);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(c.getName() + " needs a public constructor taking its Config", e);
    }
    List<ParamDescriptor> params = new ArrayList<>();
    for (RecordComponent rc : config.getRecordComponents()) {
      Param p = rc.getAnnotation(Param.class);
      if (p == null) {
        throw new IllegalStateException(config.getName() + "." + rc.getName() + " needs a @Param description");
      }
      ParamDescriptor d = new ParamDescriptor(snake(rc.getName()), typeName(rc.getGenericType()),
          p.defaultValue().equals(Param.NO_DEFAULT) ? null : p.defaultValue(), p.value(), p.path(), List.of(p.bounds()));
      try {
        convert(parseDefault(d), rc.getGenericType());
      } catch (RuntimeException e) {
        // A default a recipe could never override fails every run that uses the stage: refuse it when stages load.
        if (d.defaultValue() != null) {
          throw new IllegalStateException(config.getName() + "." + rc.getName() + ": bad default '" + d.defaultValue() + "': " + e.getMessage(), e);
        }
      }
      params.add(d);
    }
    boolean global = GlobalStage.class.isAssignableFrom(c);
    StageInfo info = c.getAnnotation(StageInfo.class);
    return new StageDescriptor(name, info.description(), global, c, config, List.copyOf(params));
  }

  private static Object parseDefault(ParamDescriptor p) {
    return p.defaultValue() == null ? null : new Yaml().load(p.defaultValue());
  }

  private static Class<?>[] componentTypes(RecordComponent[] comps) {
    Class<?>[] types = new Class<?>[comps.length];
    for (int i = 0; i < comps.length; i++) {
      types[i] = comps[i].getType();
    }
    return types;
  }

  static String snake(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }

  private static String typeName(Type t) {
    if (t instanceof ParameterizedType pt) {
      Class<?> raw = (Class<?>) pt.getRawType();
      if (raw == List.class) {
        return "list of " + typeName(pt.getActualTypeArguments()[0]);
      }
      return "map of " + typeName(pt.getActualTypeArguments()[1]);
    }
    Class<?> c = (Class<?>) t;
    if (c.isEnum()) {
      return "one of " + List.of(c.getEnumConstants()).stream().map(e -> e.toString().toLowerCase(Locale.ROOT)).toList();
    }
    return switch (c.getSimpleName()) {
      case "int", "Integer", "long", "Long" -> "integer";
      case "double", "Double" -> "number";
      case "boolean", "Boolean" -> "boolean";
      case "String" -> "string";
      default -> c.getSimpleName();
    };
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static Object convert(Object v, Type t) {
    if (t instanceof ParameterizedType pt) {
      Class<?> raw = (Class<?>) pt.getRawType();
      if (raw == List.class) {
        if (v == null) {
          return List.of();
        }
        if (!(v instanceof List<?> list)) {
          throw new IllegalArgumentException("expected a list, got " + describe(v));
        }
        List<Object> out = new ArrayList<>();
        for (Object e : list) {
          out.add(convert(e, pt.getActualTypeArguments()[0]));
        }
        return List.copyOf(out);
      }
      if (raw == Map.class) {
        if (v == null) {
          return Map.of();
        }
        if (!(v instanceof Map<?, ?> map)) {
          throw new IllegalArgumentException("expected a mapping, got " + describe(v));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
          out.put(String.valueOf(e.getKey()), convert(e.getValue(), pt.getActualTypeArguments()[1]));
        }
        return java.util.Collections.unmodifiableMap(out);
      }
      throw new IllegalStateException("unsupported parameter type " + t);
    }
    Class<?> c = (Class<?>) t;
    if (v == null) {
      checkArgument(!c.isPrimitive(), "a value is required");
      return null;
    }
    if (c == Object.class) {
      return v;
    }
    if (c == String.class) {
      checkArgument(!(v instanceof Map || v instanceof List), "expected a string, got " + describe(v));
      return v.toString();
    }
    if (c == int.class || c == Integer.class || c == long.class || c == Long.class) {
      checkArgument(v instanceof Integer || v instanceof Long || v instanceof java.math.BigInteger, "expected an integer, got " + describe(v));
      long l = ((Number) v).longValue();
      checkArgument(!((c == int.class || c == Integer.class) && (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE)), "integer out of range: " + v);
      return (c == int.class || c == Integer.class) ? (Object) (int) l : (Object) l;
    }
    if (c == double.class || c == Double.class) {
      if (!(v instanceof Number n)) {
        throw new IllegalArgumentException("expected a number, got " + describe(v));
      }
      return n.doubleValue();
    }
    if (c == boolean.class || c == Boolean.class) {
      checkArgument(v instanceof Boolean, "expected true or false, got " + describe(v));
      return v;
    }
    if (c.isEnum()) {
      String s = v.toString().toUpperCase(Locale.ROOT);
      for (Object e : c.getEnumConstants()) {
        if (((Enum) e).name().equals(s)) {
          return e;
        }
      }
      throw new IllegalArgumentException("expected " + typeName(c) + ", got '" + v + "'");
    }
    throw new IllegalStateException("unsupported parameter type " + c);
  }

  private static String describe(Object v) {
    if (v instanceof Map) {
      return "a mapping";
    }
    if (v instanceof List) {
      return "a list";
    }
    return (v instanceof String ? "the string '" : "'") + v + "'";
  }

  /** One stage as {@code kiln stages} shows it. */
  public record StageDescriptor(String name, String description, boolean global, Class<? extends Stage> type,
      Class<?> configType, List<ParamDescriptor> params) {
    public ParamDescriptor param(String key) {
      return params.stream().filter(p -> p.key().equals(key)).findFirst().orElse(null);
    }
  }

  /**
   * One parameter: recipe key, type, default (null when required), description; {@code path}: a file
   * path that recipes resolve from their own directory; {@code bounds}: the measures it thresholds
   * ({@link Param#bounds}).
   */
  public record ParamDescriptor(String key, String type, String defaultValue, String description, boolean path, List<String> bounds) {
    public boolean required() {
      return defaultValue == null;
    }
  }
}
