package dev.kiln.core.engine;

import java.util.concurrent.atomic.LongAdder;

/** Input read so far by an engine's tasks in this JVM: records, input bytes (as stored) and text bytes (decompressed). */
public final class ReadProgress {
  public final LongAdder records = new LongAdder();
  public final LongAdder inputBytes = new LongAdder();
  public final LongAdder textBytes = new LongAdder();
}
