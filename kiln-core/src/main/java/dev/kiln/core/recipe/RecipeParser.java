package dev.kiln.core.recipe;

import dev.kiln.core.stage.Stage;
import dev.kiln.core.stage.StageRegistry;
import dev.kiln.core.util.Json;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a recipe YAML file. Every error names the line it was found on. Relative paths are taken
 * from the recipe's own directory, so a recipe gives the same output wherever it is run from.
 *
 * <pre>
 * seed: 42
 * inputs:
 *   - path: data/poetry.jsonl.zst      # a file, a directory or a glob
 *     text_field: text                 # default text; a list joins fields: [title, paragraphs]
 *     id_field: id                     # default id
 * stages:
 *   - length_filter: {min_chars: 20}
 *   - exact_dedup
 * output:
 *   path: out/demo
 *   compression: zst                   # zst (default), gz or none
 * engine:
 *   threads: 0                         # 0 = all cores
 * </pre>
 */
public final class RecipeParser {
  private static final Set<String> TOP = Set.of("seed", "inputs", "stages", "output", "engine");
  private static final Set<String> INPUT = Set.of("path", "text_field", "id_field", "source");
  private static final Set<String> OUTPUT = Set.of("path", "compression");
  private static final Set<String> ENGINE = Set.of("name", "threads", "shuffle_partitions", "memory_mb", "max_quarantine_rate");

  private final StageRegistry registry;

  public RecipeParser(StageRegistry registry) {
    this.registry = registry;
  }

  public Recipe parse(Path file) throws IOException {
    Path base = file.toAbsolutePath().getParent();
    return parse(Files.readString(file, StandardCharsets.UTF_8), base);
  }

  public Recipe parse(String yaml, Path baseDir) {
    Node root;
    try {
      root = new Yaml(new LoaderOptions()).compose(new StringReader(yaml));
    } catch (MarkedYAMLException e) {
      throw new RecipeException(e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1, "not valid YAML: " + e.getProblem());
    }
    if (root == null) {
      throw new RecipeException(1, "the recipe is empty");
    }
    Map<String, Node> top = mapping(root, "the recipe", TOP);
    Map<String, Object> canonical = new LinkedHashMap<>();

    long seed = top.containsKey("seed") ? integer(top.get("seed"), "seed") : 0L;
    canonical.put("seed", seed);

    Node inputsNode = require(top, "inputs", root);
    if (!(inputsNode instanceof SequenceNode inSeq) || inSeq.getValue().isEmpty()) {
      throw new RecipeException(line(inputsNode), "inputs must be a non-empty list");
    }
    List<Recipe.InputSpec> inputs = new ArrayList<>();
    List<String> writtenPaths = new ArrayList<>();
    for (Node n : inSeq.getValue()) {
      Map<String, Node> m = n instanceof ScalarNode ? Map.of("path", n) : mapping(n, "an input", INPUT);
      String written = string(require(m, "path", n), "path");
      writtenPaths.add(written);
      String path = resolve(baseDir, written);
      inputs.add(new Recipe.InputSpec(path,
          m.containsKey("text_field") ? strings(m.get("text_field"), "text_field") : List.of("text"),
          m.containsKey("id_field") ? string(m.get("id_field"), "id_field") : "id",
          m.containsKey("source") ? string(m.get("source"), "source") : null));
    }
    // Paths as written, so the same recipe hashes the same in any checkout.
    List<Object> canonicalInputs = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      Recipe.InputSpec in = inputs.get(i);
      canonicalInputs.add(List.of(writtenPaths.get(i), in.textFields(), in.idField(), String.valueOf(in.source())));
    }
    canonical.put("inputs", canonicalInputs);

    List<Recipe.NamedStage> stages = new ArrayList<>();
    List<Object> canonicalStages = new ArrayList<>();
    Node stagesNode = top.get("stages");
    if (stagesNode != null) {
      if (!(stagesNode instanceof SequenceNode seq)) {
        throw new RecipeException(line(stagesNode), "stages must be a list");
      }
      Map<String, Integer> seen = new HashMap<>();
      for (Node n : seq.getValue()) {
        String name;
        Node paramsNode = null;
        if (n instanceof ScalarNode s) {
          name = s.getValue();
          if (name.contains(" - ")) {
            // "- a\n    - b" folds into one scalar "a - b": a list item indented more than the one before.
            throw new RecipeException(line(n), "'" + name + "' is not one stage: a '- " + name.substring(name.indexOf(" - ") + 3)
                + "' item is indented more than the item before it; write every stage as '- name' at the same indentation");
          }
        } else if (n instanceof MappingNode m && m.getValue().size() == 1) {
          name = string(m.getValue().get(0).getKeyNode(), "stage name");
          paramsNode = m.getValue().get(0).getValueNode();
        } else {
          throw new RecipeException(line(n), "a stage is a name, or a name with its parameters: '- length_filter: {min_chars: 20}'");
        }
        Map<String, Object> params = new LinkedHashMap<>();
        Map<String, Integer> lines = new HashMap<>();
        if (paramsNode != null && !isNull(paramsNode)) {
          if (!(paramsNode instanceof MappingNode pm)) {
            throw new RecipeException(line(paramsNode), "parameters of stage '" + name + "' must be a mapping");
          }
          for (NodeTuple t : pm.getValue()) {
            String key = string(t.getKeyNode(), "parameter name");
            params.put(key, value(t.getValueNode()));
            lines.put(key, line(t.getKeyNode()));
          }
        }
        int stageLine = line(n);
        Map<String, Object> built = withPaths(name, params, baseDir);
        Stage stage = registry.create(name, built, key -> key == null ? stageLine : lines.getOrDefault(key, stageLine));
        int count = seen.merge(name, 1, Integer::sum);
        stages.add(new Recipe.NamedStage(count == 1 ? name : name + "#" + count, stage, registry.effectiveParams(name, built)));
        canonicalStages.add(Map.of(name, new java.util.TreeMap<>(params)));
      }
    }
    canonical.put("stages", canonicalStages);

    Node outNode = require(top, "output", root);
    Map<String, Node> out = outNode instanceof ScalarNode ? Map.of("path", outNode) : mapping(outNode, "output", OUTPUT);
    String compression = out.containsKey("compression") ? string(out.get("compression"), "compression") : "zst";
    if (!List.of("zst", "gz", "none").contains(compression)) {
      throw new RecipeException(line(out.get("compression")), "compression must be zst, gz or none, got '" + compression + "'");
    }
    String outPath = resolve(baseDir, string(require(out, "path", outNode), "path"));
    Recipe.OutputSpec output = new Recipe.OutputSpec(Recipe.isUrl(outPath) ? outPath : Path.of(outPath).toString(), compression);
    // Where the output goes does not change what is computed; its compression does.
    canonical.put("compression", compression);

    Map<String, Node> eng = top.containsKey("engine") ? mapping(top.get("engine"), "engine", ENGINE) : Map.of();
    Recipe.EngineSpec engine = new Recipe.EngineSpec(
        eng.containsKey("name") ? string(eng.get("name"), "name") : "local",
        eng.containsKey("threads") ? (int) integer(eng.get("threads"), "threads") : 0,
        eng.containsKey("shuffle_partitions") ? (int) integer(eng.get("shuffle_partitions"), "shuffle_partitions") : 8,
        eng.containsKey("memory_mb") ? (int) integer(eng.get("memory_mb"), "memory_mb") : Recipe.EngineSpec.AUTO_MEMORY,
        eng.containsKey("max_quarantine_rate") ? number(eng.get("max_quarantine_rate"), "max_quarantine_rate") : 0.05);
    if (engine.shufflePartitions() < 1 || (eng.containsKey("memory_mb") && engine.memoryMb() < 16)) {
      throw new RecipeException(line(top.get("engine")), "engine: shuffle_partitions must be >= 1 and memory_mb >= 16");
    }
    // Partitioning changes output; threads and memory do not.
    canonical.put("shuffle_partitions", engine.shufflePartitions());
    return new Recipe(List.copyOf(inputs), List.copyOf(stages), output, seed, engine, sha256(canonical));
  }

  /**
   * Parameters with relative file paths (parameters marked {@code @Param(path = true)}: a string, a
   * list of them, or the values of a map) taken from the recipe's directory, also inside
   * {@code overrides}. {@code builtin:NAME} values name resources, not files.
   */
  @SuppressWarnings("unchecked")
  private Map<String, Object> withPaths(String stage, Map<String, Object> params, Path baseDir) {
    if (!registry.contains(stage)) {
      return params;
    }
    Map<String, Object> out = resolvePaths(stage, params, baseDir);
    if (out.get(StageRegistry.OVERRIDES) instanceof Map<?, ?> overrides) {
      Map<String, Object> resolved = new LinkedHashMap<>();
      overrides.forEach((value, p) -> resolved.put(String.valueOf(value),
          p instanceof Map<?, ?> m ? resolvePaths(stage, (Map<String, Object>) m, baseDir) : p));
      out.put(StageRegistry.OVERRIDES, resolved);
    }
    return out;
  }

  private Map<String, Object> resolvePaths(String stage, Map<String, Object> params, Path baseDir) {
    Map<String, Object> out = new LinkedHashMap<>(params);
    for (StageRegistry.ParamDescriptor p : registry.get(stage).params()) {
      if (p.path() && out.containsKey(p.key())) {
        out.put(p.key(), resolveValue(baseDir, out.get(p.key())));
      }
    }
    return out;
  }

  private static Object resolveValue(Path base, Object v) {
    if (v instanceof String s) {
      return s.isEmpty() || s.startsWith("builtin:") ? s : resolve(base, s);
    }
    if (v instanceof List<?> list) {
      return list.stream().map(x -> resolveValue(base, x)).toList();
    }
    if (v instanceof Map<?, ?> map) {
      Map<Object, Object> out = new LinkedHashMap<>();
      map.forEach((k, x) -> out.put(k, resolveValue(base, x)));
      return out;
    }
    return v;
  }

  private static String sha256(Map<String, Object> canonical) {
    try {
      byte[] json = Json.MAPPER.writeValueAsBytes(canonical);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
    } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String resolve(Path base, String path) {
    if (path.startsWith("/") || base == null || Recipe.isUrl(path)) {
      return path;
    }
    return base.resolve(path).normalize().toString();
  }

  private static Map<String, Node> mapping(Node n, String what, Set<String> allowed) {
    if (!(n instanceof MappingNode m)) {
      throw new RecipeException(line(n), what + " must be a mapping");
    }
    Map<String, Node> out = new LinkedHashMap<>();
    for (NodeTuple t : m.getValue()) {
      String key = string(t.getKeyNode(), "key");
      if (!allowed.contains(key)) {
        throw new RecipeException(line(t.getKeyNode()), "unknown key '" + key + "' in " + what + dev.kiln.core.util.Suggest.didYouMean(key, allowed)
            + "; allowed: " + String.join(", ", new java.util.TreeSet<>(allowed)));
      }
      if (out.put(key, t.getValueNode()) != null) {
        throw new RecipeException(line(t.getKeyNode()), "duplicate key '" + key + "' in " + what);
      }
    }
    return out;
  }

  private static Node require(Map<String, Node> m, String key, Node parent) {
    Node n = m.get(key);
    if (n == null) {
      throw new RecipeException(line(parent), "missing '" + key + "'");
    }
    return n;
  }

  private static String string(Node n, String what) {
    if (!(n instanceof ScalarNode s) || isNull(n)) {
      throw new RecipeException(line(n), what + " must be a string");
    }
    return s.getValue();
  }

  /** A string, or a list of strings. */
  private static List<String> strings(Node n, String what) {
    if (n instanceof SequenceNode seq && !seq.getValue().isEmpty()) {
      List<String> out = new ArrayList<>();
      for (Node c : seq.getValue()) {
        out.add(string(c, what));
      }
      return out;
    }
    return List.of(string(n, what));
  }

  private static long integer(Node n, String what) {
    Object v = value(n);
    if (!(v instanceof Integer || v instanceof Long)) {
      throw new RecipeException(line(n), what + " must be an integer");
    }
    return ((Number) v).longValue();
  }

  private static double number(Node n, String what) {
    Object v = value(n);
    if (!(v instanceof Number num)) {
      throw new RecipeException(line(n), what + " must be a number");
    }
    return num.doubleValue();
  }

  private static boolean isNull(Node n) {
    return n instanceof ScalarNode && n.getTag().equals(Tag.NULL);
  }

  /** YAML node to plain Java values with YAML 1.1 core types, as stage parameters expect them. */
  static Object value(Node n) {
    if (n instanceof ScalarNode s) {
      Tag tag = s.getTag();
      String v = s.getValue();
      if (tag.equals(Tag.NULL)) {
        return null;
      }
      if (tag.equals(Tag.BOOL)) {
        return switch (v.toLowerCase(java.util.Locale.ROOT)) {
          case "true", "yes", "on", "y" -> Boolean.TRUE;
          default -> Boolean.FALSE;
        };
      }
      if (tag.equals(Tag.INT)) {
        BigInteger b = new BigInteger(v.replace("_", ""));
        return b.bitLength() < 32 ? (Object) b.intValue() : b.bitLength() < 64 ? (Object) b.longValue() : b;
      }
      if (tag.equals(Tag.FLOAT)) {
        return Double.parseDouble(v.replace("_", ""));
      }
      return v;
    }
    if (n instanceof SequenceNode seq) {
      List<Object> l = new ArrayList<>();
      for (Node c : seq.getValue()) {
        l.add(value(c));
      }
      return l;
    }
    MappingNode m = (MappingNode) n;
    Map<String, Object> out = new LinkedHashMap<>();
    for (NodeTuple t : m.getValue()) {
      out.put(String.valueOf(value(t.getKeyNode())), value(t.getValueNode()));
    }
    return out;
  }

  private static int line(Node n) {
    return n == null || n.getStartMark() == null ? 0 : n.getStartMark().getLine() + 1;
  }
}
