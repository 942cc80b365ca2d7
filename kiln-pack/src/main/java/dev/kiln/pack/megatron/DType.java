package dev.kiln.pack.megatron;

/** Token element types of a Megatron indexed dataset, with their codes in the .idx header. */
public enum DType {
  UINT8(1, 1), INT8(2, 1), INT16(3, 2), INT32(4, 4), INT64(5, 8), FLOAT64(6, 8), FLOAT32(7, 4), UINT16(8, 2);

  public final int code;
  public final int size;

  DType(int code, int size) {
    this.code = code;
    this.size = size;
  }

  public static DType ofCode(int code) {
    for (DType d : values()) {
      if (d.code == code) {
        return d;
      }
    }
    throw new IllegalArgumentException("unknown Megatron dtype code " + code);
  }

  /** As Megatron's {@code DType.optimal_dtype}: uint16 below 65,500 ids, else int32. */
  public static DType forVocabulary(int vocabSize) {
    return vocabSize > 0 && vocabSize < 65500 ? UINT16 : INT32;
  }
}
