package dev.kiln.core.util;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Thread pools' threads: daemons, so a pool left behind never keeps the JVM alive. */
public final class Threads {
  private Threads() {}

  /** Daemon threads named {@code name-1}, {@code name-2}... */
  public static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
