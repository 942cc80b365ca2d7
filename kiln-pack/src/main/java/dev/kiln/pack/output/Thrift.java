package dev.kiln.pack.output;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Just enough of Thrift's compact protocol to write Parquet's page headers and footer. */
final class Thrift {
  static final int I32 = 5;
  static final int I64 = 6;
  static final int BINARY = 8;
  static final int LIST = 9;
  static final int STRUCT = 12;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
  private final int[] lastField = new int[32];
  private int depth;

  byte[] bytes() {
    return out.toByteArray();
  }

  private void fieldHeader(int id, int type) {
    int delta = id - lastField[depth];
    if (delta > 0 && delta <= 15) {
      out.write((delta << 4) | type);
    } else {
      out.write(type);
      varint(zigzag(id));
    }
    lastField[depth] = id;
  }

  Thrift i32(int id, int v) {
    fieldHeader(id, I32);
    varint(zigzag(v));
    return this;
  }

  Thrift i64(int id, long v) {
    fieldHeader(id, I64);
    varint(zigzag(v));
    return this;
  }

  Thrift string(int id, String s) {
    fieldHeader(id, BINARY);
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    varint(b.length);
    out.write(b, 0, b.length);
    return this;
  }

  /** Starts a struct field; end it with {@link #end()}. */
  Thrift struct(int id) {
    fieldHeader(id, STRUCT);
    lastField[++depth] = 0;
    return this;
  }

  /** Starts a struct that is a list element; end it with {@link #end()}. */
  Thrift element() {
    lastField[++depth] = 0;
    return this;
  }

  /** Ends the current struct. */
  Thrift end() {
    out.write(0);
    depth--;
    return this;
  }

  /** A list field header; the caller then writes {@code size} elements. */
  Thrift list(int id, int elemType, int size) {
    fieldHeader(id, LIST);
    if (size < 15) {
      out.write((size << 4) | elemType);
    } else {
      out.write(0xF0 | elemType);
      varint(size);
    }
    return this;
  }

  /** Appends bytes already encoded (e.g. a list element struct built by another instance). */
  Thrift raw(byte[] b) {
    out.write(b, 0, b.length);
    return this;
  }

  Thrift i32Element(int v) {
    varint(zigzag(v));
    return this;
  }

  Thrift stringElement(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    varint(b.length);
    out.write(b, 0, b.length);
    return this;
  }

  /** Ends the top-level struct. */
  byte[] finish() {
    out.write(0);
    return bytes();
  }

  private void varint(long v) {
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  private static long zigzag(long v) {
    return (v << 1) ^ (v >> 63);
  }
}
