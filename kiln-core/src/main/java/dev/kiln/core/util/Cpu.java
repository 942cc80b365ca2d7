package dev.kiln.core.util;

import java.lang.management.ManagementFactory;

/** The CPU time this JVM has used, all threads together (GC and compilation included). */
public final class Cpu {
  private Cpu() {}

  /** Process CPU nanoseconds, or 0 where the JVM cannot tell. */
  public static long processNanos() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? Math.max(0, os.getProcessCpuTime()) : 0;
  }
}
