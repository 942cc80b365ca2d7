package dev.kiln.core.util;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;

/** The one JSON configuration Kiln writes and reads with: insertion order kept, no pretty printing. */
public final class Json {
  private Json() {}

  public static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, false)
      .configure(JsonGenerator.Feature.ESCAPE_NON_ASCII, false);

  public static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};
}
