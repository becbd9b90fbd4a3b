package org.paceline.cib;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The YAML authoring form of the CIB: the model's records mapped 1:1 (kebab-case keys, empty values
 * left out, a {@code kind} key on resources, constraints and rule expressions). Unknown keys are
 * errors, so a typo never silently drops a setting.
 */
public final class CibYaml {
  private static final ObjectMapper MAPPER = mapper();

  private CibYaml() {}

  /** The CIB as a YAML document. */
  public static String write(Cib cib) {
    try {
      return MAPPER.writeValueAsString(cib);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the model cannot be written as YAML", e);
    }
  }

  /** Reads a YAML CIB file. */
  public static CibDocument read(Path file) throws CibFormatException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CibFormatException(file + ": cannot read: " + e.getMessage());
    }
    return read(text, file.toString());
  }

  /** Reads YAML text; {@code source} names it in messages. */
  public static CibDocument read(String yaml, String source) throws CibFormatException {
    if (yaml.isBlank()) {
      throw new CibFormatException(source + ": empty document, expected a CIB mapping");
    }
    try {
      Cib cib = MAPPER.readValue(yaml, Cib.class);
      if (cib == null) {
        throw new CibFormatException(source + ": empty document, expected a CIB mapping");
      }
      return new CibDocument(cib, locations(yaml, source));
    } catch (JsonMappingException e) {
      throw new CibFormatException(describe(e, source));
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      throw new CibFormatException(source + position(loc) + "malformed YAML: " + yamlProblem(e));
    }
  }

  private static final java.util.regex.Pattern ID_LINE =
      java.util.regex.Pattern.compile("^\\s*(?:-\\s+)?id:\\s*['\"]?([^'\"\\s#]+)");

  /** Lines of "id:" keys, so that findings on the model can name a YAML line too. */
  private static SourceLocations locations(String yaml, String source) {
    SourceLocations locations = new SourceLocations(source);
    int line = 0;
    for (String l : yaml.split("\n", -1)) {
      line++;
      var m = ID_LINE.matcher(l);
      if (m.find()) {
        locations.record(m.group(1), line);
      }
    }
    return locations;
  }

  private static String describe(JsonMappingException e, String source) {
    String path =
        e.getPath().stream()
            .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
            .collect(Collectors.joining());
    if (path.startsWith(".")) {
      path = path.substring(1);
    }
    Throwable cause = e.getCause();
    if (cause instanceof com.fasterxml.jackson.core.exc.StreamReadException parse) {
      return source + position(parse.getLocation()) + "malformed YAML: " + yamlProblem(parse);
    }
    String why =
        cause instanceof IllegalArgumentException
            ? cause.getMessage()
            : firstLine(e.getOriginalMessage());
    return source + position(e.getLocation()) + (path.isEmpty() ? "" : "at " + path + ": ") + why;
  }

  /** SnakeYAML's context and problem lines, without its source snippet. */
  private static String yamlProblem(JsonProcessingException e) {
    String msg = e.getOriginalMessage() == null ? "unreadable input" : e.getOriginalMessage();
    return msg.lines()
        .filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
        .collect(Collectors.joining("; "));
  }

  private static String position(JsonLocation loc) {
    if (loc == null || loc.getLineNr() <= 0) {
      return ": ";
    }
    return ":" + loc.getLineNr() + ":" + loc.getColumnNr() + ": ";
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unreadable input";
    }
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    // Jackson names Java types; operators know YAML words.
    return line.replace("(class org.paceline.cib.", "(").replace("org.paceline.cib.", "");
  }

  // ---------------------------------------------------------------- mapping

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = Primitive.class, name = "primitive"),
    @JsonSubTypes.Type(value = Group.class, name = "group"),
    @JsonSubTypes.Type(value = Clone.class, name = "clone"),
    @JsonSubTypes.Type(value = OtherResource.class, name = "other")
  })
  private interface ResourceMixin {}

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = LocationConstraint.class, name = "location"),
    @JsonSubTypes.Type(value = ColocationConstraint.class, name = "colocation"),
    @JsonSubTypes.Type(value = OrderConstraint.class, name = "order"),
    @JsonSubTypes.Type(value = OtherConstraint.class, name = "other")
  })
  private interface ConstraintMixin {}

  @JsonTypeInfo(
      use = JsonTypeInfo.Id.NAME,
      property = "kind",
      defaultImpl = Rule.class) // a bare rule needs no kind
  @JsonSubTypes({
    @JsonSubTypes.Type(value = Rule.class, name = "rule"),
    @JsonSubTypes.Type(value = AttributeExpression.class, name = "expression"),
    @JsonSubTypes.Type(value = DateExpression.class, name = "date"),
    @JsonSubTypes.Type(value = OtherExpression.class, name = "other")
  })
  private interface RuleExpressionMixin {}

  private static ObjectMapper mapper() {
    YAMLFactory yaml =
        YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .disable(YAMLGenerator.Feature.USE_NATIVE_TYPE_ID)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build();
    SimpleModule words = new SimpleModule("paceline-words");
    words.addSerializer(Score.class, toStringSerializer(Score.class));
    words.addDeserializer(Score.class, fromString(Score::parse));
    words.addSerializer(Role.class, toStringSerializer(Role.class));
    words.addDeserializer(Role.class, fromString(Role::parse));
    words.addSerializer(OrderKind.class, toStringSerializer(OrderKind.class));
    words.addDeserializer(OrderKind.class, fromString(OrderKind::parse));
    words.setMixInAnnotation(Resource.class, ResourceMixin.class);
    words.setMixInAnnotation(Constraint.class, ConstraintMixin.class);
    words.setMixInAnnotation(RuleExpression.class, RuleExpressionMixin.class);
    JsonMapper.Builder b = JsonMapper.builder(yaml);
    // Empty collections are left out, but an empty string (exit-reason="") is a value: keep it.
    b.withConfigOverride(
        String.class,
        o ->
            o.setInclude(
                JsonInclude.Value.construct(
                    JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL)));
    return b.addModule(words)
        .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
        .defaultPropertyInclusion(
            JsonInclude.Value.construct(
                JsonInclude.Include.NON_EMPTY, JsonInclude.Include.NON_NULL))
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .disable(MapperFeature.AUTO_DETECT_IS_GETTERS)
        .build();
  }

  private static <T> JsonSerializer<T> toStringSerializer(Class<T> type) {
    return new JsonSerializer<>() {
      @Override
      public void serialize(T value, JsonGenerator gen, SerializerProvider p) throws IOException {
        gen.writeString(value.toString());
      }

      @Override
      public Class<T> handledType() {
        return type;
      }
    };
  }

  private static <T> JsonDeserializer<T> fromString(Function<String, T> parse) {
    return new JsonDeserializer<>() {
      @Override
      public T deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
        String text = p.getValueAsString();
        try {
          return parse.apply(text);
        } catch (IllegalArgumentException e) {
          throw JsonMappingException.from(p, e.getMessage(), e);
        }
      }
    };
  }
}
