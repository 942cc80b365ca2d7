package dev.kiln.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.recipe.Recipe.InputSpec;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageTest {
  @TempDir
  Path dir;

  private static InputSpec input(String path) {
    return new InputSpec(path, List.of("text"), "id", null);
  }

  private Path file(String name, String content) throws Exception {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    return Files.writeString(p, content);
  }

  @Test
  void localPathsAreListedGlobbedAndOrderedAsFiles() throws Exception {
    file("in/b.jsonl", "{}\n");
    file("in/a.jsonl.gz", "x");
    file("in/sub/c.jsonl", "{}\n{}\n");
    file("in/.hidden.jsonl", "{}\n");
    file("in/notes.csv", "a,b\n");
    List<FileSplit> all = Inputs.splits(List.of(input(dir.resolve("in").toString())));
    assertEquals(List.of(dir + "/in/a.jsonl.gz", dir + "/in/b.jsonl", dir + "/in/sub/c.jsonl"), all.get(0).paths());
    assertEquals(1 + 3 + 6, all.get(0).size());

    assertEquals(List.of(dir + "/in/b.jsonl"), Inputs.splits(List.of(input(dir + "/in/*.jsonl"))).get(0).paths());
    assertEquals(List.of(dir + "/in/sub/c.jsonl"), Inputs.splits(List.of(input(dir + "/in/**/c.jsonl"))).get(0).paths());
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> Inputs.splits(List.of(input(dir + "/in/*.txt"))));
    assertTrue(none.getMessage().contains("matches no readable file"), none.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Inputs.splits(List.of(input(dir + "/missing.jsonl"))));
  }

  @Test
  void localStorageWritesRenamesAndDeletes() throws Exception {
    Storage s = Storage.of(dir.toString());
    assertEquals(Storage.LOCAL, s);
    String f = Storage.resolve(Storage.resolve(dir.toString(), "deep/er"), "f.json");
    s.write(f, "{\"a\": 1}".getBytes(StandardCharsets.UTF_8));
    assertEquals("{\"a\": 1}", Files.readString(Path.of(f)));
    assertFalse(Files.exists(Path.of(f + ".tmp")), "written under a temporary name, then renamed");
    try (OutputStream o = s.create(f + ".next")) {
      o.write('x');
    }
    s.rename(f + ".next", f);
    assertEquals("x", new String(s.readAllBytes(f), StandardCharsets.UTF_8));
    assertEquals(1, s.size(f));
    s.delete(dir.resolve("deep").toString());
    assertFalse(s.exists(dir.resolve("deep").toString()));
    s.delete(dir.resolve("deep").toString()); // nothing left: no error
  }

  @Test
  void urlsNeedAProviderAndAreNeverTakenForLocalPaths() {
    // kiln-io alone has no provider: a URL is refused with its scheme named, not read as a relative path
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Storage.of("hdfs://nn/in/a.jsonl"));
    assertTrue(e.getMessage().contains("'hdfs:'") && e.getMessage().contains("--engine spark"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Storage.LOCAL.exists("s3a://bucket/x"));
    assertEquals("s3a://b/out/part-00000.jsonl.zst", Storage.resolve("s3a://b/out", "part-00000.jsonl.zst"));
    assertEquals("s3a://b/out/x", Storage.resolve("s3a://b/out/", "x"));
    assertEquals("part-00000.jsonl.zst", Storage.name("hdfs://nn/out/part-00000.jsonl.zst"));
  }
}
