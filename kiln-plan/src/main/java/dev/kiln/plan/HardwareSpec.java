package dev.kiln.plan;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One accelerator: dense BF16 peak throughput in FLOP/s (no sparsity) and memory in bytes.
 */
public record HardwareSpec(String name, double peakFlops, long memoryBytes) {

  public static final long GIB = 1L << 30;

  public HardwareSpec {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("GPU name must not be blank");
    }
    if (!(peakFlops > 0) || Double.isInfinite(peakFlops)) {
      throw new IllegalArgumentException("peakFlops must be positive and finite, got " + peakFlops);
    }
    if (memoryBytes <= 0) {
      throw new IllegalArgumentException("memoryBytes must be positive, got " + memoryBytes);
    }
  }

  // NVIDIA data sheets: A100 312 TFLOP/s BF16 dense, H100 SXM 989 TFLOP/s BF16 dense.
  private static final Map<String, HardwareSpec> PRESETS =
      index(
          new HardwareSpec("a100-40g", 312e12, 40 * GIB),
          new HardwareSpec("a100-80g", 312e12, 80 * GIB),
          new HardwareSpec("h100-80g", 989e12, 80 * GIB));

  public static HardwareSpec preset(String name) {
    HardwareSpec spec = PRESETS.get(name.toLowerCase(Locale.ROOT));
    if (spec == null) {
      throw new IllegalArgumentException(
          "unknown GPU '" + name + "'; known: " + String.join(", ", presetNames()));
    }
    return spec;
  }

  public static Set<String> presetNames() {
    return PRESETS.keySet();
  }

  private static Map<String, HardwareSpec> index(HardwareSpec... specs) {
    Map<String, HardwareSpec> byName = new LinkedHashMap<>();
    for (HardwareSpec spec : specs) {
      byName.put(spec.name(), spec);
    }
    return Collections.unmodifiableMap(byName);
  }
}
