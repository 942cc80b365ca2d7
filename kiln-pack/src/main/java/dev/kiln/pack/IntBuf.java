package dev.kiln.pack;

import java.util.Arrays;

/** A growable int array without boxing. */
public final class IntBuf {
  private int[] data;
  private int size;

  public IntBuf() {
    this(16);
  }

  public IntBuf(int capacity) {
    data = new int[Math.max(capacity, 4)];
  }

  public void add(int v) {
    if (size == data.length) {
      data = Arrays.copyOf(data, data.length + (data.length >> 1) + 4);
    }
    data[size++] = v;
  }

  public void addAll(int[] values, int from, int to) {
    int n = to - from;
    ensure(size + n);
    System.arraycopy(values, from, data, size, n);
    size += n;
  }

  public void ensure(int capacity) {
    if (capacity > data.length) {
      data = Arrays.copyOf(data, Math.max(capacity, data.length + (data.length >> 1) + 4));
    }
  }

  public int get(int i) {
    return data[i];
  }

  public void set(int i, int v) {
    data[i] = v;
  }

  public int size() {
    return size;
  }

  /** Sets the size after writing through {@link #array()} (within capacity). */
  public void setSize(int n) {
    if (n < 0 || n > data.length) {
      throw new IndexOutOfBoundsException(n);
    }
    size = n;
  }

  public void clear() {
    size = 0;
  }

  /** The backing array; valid up to {@link #size()}. */
  public int[] array() {
    return data;
  }

  public int[] toArray() {
    return Arrays.copyOf(data, size);
  }
}
