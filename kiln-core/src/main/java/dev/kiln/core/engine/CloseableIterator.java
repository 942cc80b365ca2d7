package dev.kiln.core.engine;

import java.util.Iterator;
import java.util.NoSuchElementException;

/** An iterator over a resource (a file, a merge of spill runs) that must be closed. */
public interface CloseableIterator<T> extends Iterator<T>, AutoCloseable {
  @Override
  void close();

  static <T> CloseableIterator<T> of(Iterator<T> it) {
    return of(it, () -> {});
  }

  static <T> CloseableIterator<T> of(Iterator<T> it, Runnable onClose) {
    return new CloseableIterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public T next() {
        if (!it.hasNext()) {
          throw new NoSuchElementException();
        }
        return it.next();
      }

      @Override
      public void close() {
        onClose.run();
      }
    };
  }
}
