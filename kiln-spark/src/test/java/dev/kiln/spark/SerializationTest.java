package dev.kiln.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.Document;
import dev.kiln.core.engine.Codecs;
import dev.kiln.core.recipe.Recipe;
import dev.kiln.core.stage.DocumentStage;
import dev.kiln.core.stage.Outcome;
import dev.kiln.core.stage.Stage;
import dev.kiln.core.stage.StageRegistry;
import dev.kiln.core.stage.StageRegistry.StageDescriptor;
import dev.kiln.core.testing.SharedData;
import java.io.ByteArrayInputStream;
import java.io.ObjectInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.reflect.ClassTag$;

/**
 * What Spark ships: stages and their configs by Java serialization (the closure serializer), and
 * records as their codec bytes (inside Kryo-serialized byte arrays). Both must round-trip exactly.
 */
class SerializationTest {
  @SuppressWarnings("unchecked")
  static <T> T roundTrip(T o) throws Exception {
    byte[] b = SparkDataset.javaSerialize(o);
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(b))) {
      return (T) in.readObject();
    }
  }

  static Outcome outcome(DocumentStage s, Document d) {
    try {
      return s.apply(d);
    } catch (Exception e) {
      return Outcome.drop("threw " + e.getClass().getSimpleName(), d);
    }
  }

  static String describe(Outcome o) {
    return o.kept() ? "kept " + o.doc().id() + " " + o.doc().text().hashCode() + " " + o.doc().meta() : "dropped " + o.dropReason();
  }

  @Test
  void everyStageWithDefaultsSurvivesJavaSerializationAndBehavesTheSame() throws Exception {
    StageRegistry registry = StageRegistry.load();
    List<Document> docs = SharedData.documents("kernel-docs", 40);
    List<String> checked = new ArrayList<>();
    for (StageDescriptor d : registry.all()) {
      if (d.params().stream().anyMatch(p -> p.required())) {
        continue;  // needs a recipe value (a path, a model); its config record is checked below
      }
      Stage s;
      try {
        s = registry.create(d.name(), Map.of(), key -> 0);
      } catch (RuntimeException e) {
        continue;  // defaults that need files or models absent here
      }
      Stage copy = roundTrip(s);
      assertEquals(s.getClass(), copy.getClass());
      if (s instanceof DocumentStage ds) {
        for (Document doc : docs) {
          assertEquals(describe(outcome(ds, doc)), describe(outcome((DocumentStage) copy, doc)), d.name() + " on " + doc.id());
        }
      }
      checked.add(d.name());
    }
    assertTrue(checked.containsAll(List.of("length_filter", "exact_dedup")), checked.toString());
  }

  @Test
  void everyStageConfigRecordIsSerializable() {
    for (StageDescriptor d : StageRegistry.load().all()) {
      assertTrue(java.io.Serializable.class.isAssignableFrom(d.configType()), d.name() + "'s Config must implement Serializable");
      assertTrue(java.io.Serializable.class.isAssignableFrom(d.type()), d.name() + " must be Serializable");
    }
  }

  @Test
  void aParsedRecipesStagesSerialize(@TempDir Path dir) throws Exception {
    Recipe r = Runs.recipe("""
        inputs: [in.jsonl]
        stages:
          - length_filter: {min_chars: 5, by: lang, overrides: {zh: {min_chars: 2}}}
          - exact_dedup: {normalize: false}
        output: out
        """, dir);
    List<Recipe.NamedStage> copy = roundTrip(new ArrayList<>(r.stages()));
    assertEquals(r.stages().size(), copy.size());
    for (int i = 0; i < copy.size(); i++) {
      assertEquals(r.stages().get(i).accountName(), copy.get(i).accountName());
      assertEquals(r.stages().get(i).stage().getClass(), copy.get(i).stage().getClass());
    }
    assertEquals(r.inputs(), roundTrip(new ArrayList<>(r.inputs())));
  }

  @Test
  void documentsRoundTripThroughTheirCodecInsideKryo() {
    List<Document> docs = new ArrayList<>(SharedData.documents("kernel-docs", 300));
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("lang", "zh");
    meta.put("score", 0.8125);
    meta.put("count", 12345678901L);
    meta.put("flags", List.of(true, false));
    meta.put("spans", List.of(Map.of("start", 1, "end", 5)));
    meta.put("nothing", null);
    docs.add(Document.of("synthetic/1", "é中\uD83D\uDE00\u0000\n\t\"", meta));
    docs.add(Document.of("synthetic/2", ""));
    SerializerInstance kryo = new KryoSerializer(new SparkConf()).newInstance();
    for (Document d : docs) {
      byte[] bytes = Codecs.encode(Codecs.DOCUMENT, d);
      byte[] shipped = kryo.deserialize(kryo.serialize(bytes, ClassTag$.MODULE$.apply(byte[].class)), ClassTag$.MODULE$.apply(byte[].class));
      Document back = Codecs.decode(Codecs.DOCUMENT, shipped);
      assertEquals(d.id(), back.id());
      assertEquals(d.text(), back.text());
      assertEquals(d.meta(), back.meta(), d.id());
      assertEquals(new ArrayList<>(d.meta().keySet()), new ArrayList<>(back.meta().keySet()), "metadata order kept");
      assertTrue(java.util.Arrays.equals(bytes, Codecs.encode(Codecs.DOCUMENT, back)), "re-encoding gives the same bytes");
    }
    assertFalse(docs.isEmpty());
  }
}
