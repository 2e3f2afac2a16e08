package hpf.channel;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaValidationException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.RequestBody;
import io.vertx.openapi.contract.Style;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.ValidationContext;
import io.vertx.openapi.validation.ValidatorErrorType;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.openapi.validation.analyser.ContentAnalyser;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import io.vertx.openapi.validation.impl.ValidatedRequestImpl;
import io.vertx.openapi.validation.transformer.FormTransformer;
import io.vertx.openapi.validation.transformer.LabelTransformer;
import io.vertx.openapi.validation.transformer.MatrixTransformer;
import io.vertx.openapi.validation.transformer.ParameterTransformer;
import io.vertx.openapi.validation.transformer.SimpleTransformer;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Validates requests against a zone's contract with schema validators built once, when the contract is loaded.
 * vertx-openapi's RequestValidator (5.0.x) builds a schema validator per parameter and body per request, and each copies
 * the contract's whole schema lookup table; this class makes the same checks in the same order and throws the same
 * exceptions (it follows RequestValidatorImpl and BaseValidator line by line), with the validators made in advance.
 * A validator is immutable once built and keeps each validation's state on the stack: one instance serves every event
 * loop. Parameters with the same schema share one validator, as each holds its own copy of the lookup table.
 */
public final class RequestValidation {

  private final Map<Parameter, Validator> parameters = new IdentityHashMap<>();
  private final Map<MediaType, Validator> bodies = new IdentityHashMap<>();
  private final Map<Style, ParameterTransformer> transformers = new EnumMap<>(Style.class);
  private final int distinct;

  /** CPU-heavy (a validator per distinct schema, a few milliseconds each): once per contract, at start-up. */
  public RequestValidation(OpenAPIContract contract) {
    transformers.put(Style.SIMPLE, new SimpleTransformer());
    transformers.put(Style.LABEL, new LabelTransformer());
    transformers.put(Style.MATRIX, new MatrixTransformer());
    transformers.put(Style.FORM, new FormTransformer());
    SchemaRepository repository = contract.getSchemaRepository();
    // A validator depends only on its schema's content (annotations included: they name the lookup entry it checks).
    Map<Object, Validator> bySchema = new HashMap<>();
    for (Operation operation : contract.operations()) {
      for (Parameter parameter : operation.getParameters()) {
        parameters.put(parameter, bySchema.computeIfAbsent(key(parameter.getSchema()),
            k -> repository.validator(parameter.getSchema())));
      }
      if (operation.getRequestBody() != null) {
        for (MediaType mediaType : operation.getRequestBody().getContent().values()) {
          if (isSchemaValidationRequired(mediaType)) {
            bodies.put(mediaType, bySchema.computeIfAbsent(key(mediaType.getSchema()),
                k -> repository.validator(mediaType.getSchema())));
          }
        }
      }
    }
    distinct = bySchema.size();
  }

  private static Object key(JsonSchema schema) {
    return schema instanceof JsonObject json ? json.encode() : schema;
  }

  /** How many schema validators were built (one per distinct parameter or body schema). */
  public int validators() {
    return distinct;
  }

  /** Every declared parameter in declaration order, then the body; throws a ValidatorException at the first fault. */
  public ValidatedRequest validate(ValidatableRequest request, Operation operation) {
    Map<String, RequestParameter> cookies = new HashMap<>(request.getCookies().size());
    Map<String, RequestParameter> headers = new HashMap<>(request.getHeaders().size());
    Map<String, RequestParameter> path = new HashMap<>(request.getPathParameters().size());
    Map<String, RequestParameter> query = new HashMap<>(request.getQuery().size());
    for (Parameter param : operation.getParameters()) {
      String name = param.getName();
      switch (param.getIn()) {
        case COOKIE -> cookies.put(name, validateParameter(param, request.getCookies().get(name)));
        case HEADER -> headers.put(name, validateParameter(param, request.getHeaders().get(name)));
        case PATH -> path.put(name, validateParameter(param, request.getPathParameters().get(name)));
        case QUERY -> query.put(name, validateParameter(param, request.getQuery().get(name)));
      }
    }
    RequestParameter body = validateBody(operation.getRequestBody(), request);
    return new ValidatedRequestImpl(cookies, headers, path, query, body);
  }

  private RequestParameter validateParameter(Parameter parameter, RequestParameter value) {
    if (value == null || value.isNull()) {
      if (parameter.isRequired()) {
        throw ValidatorException.createMissingRequiredParameter(parameter);
      }
      return new RequestParameterImpl(null);
    }
    ParameterTransformer transformer = transformers.get(parameter.getStyle());
    if (transformer == null) {
      throw ValidatorException.createUnsupportedValueFormat(parameter);
    }
    Object transformed = transformer.transform(parameter, String.valueOf(value.get()));
    OutputUnit result = prepared(parameters, parameter).validate(transformed);
    try {
      result.checkValidity();
      return new RequestParameterImpl(transformed);
    } catch (JsonSchemaValidationException e) {
      throw SchemaValidationException.createErrorFromOutputUnitType(parameter, result, e);
    }
  }

  private RequestParameter validateBody(RequestBody requestBody, ValidatableRequest request) {
    if (requestBody == null) {
      return new RequestParameterImpl(null);
    }
    if (request.getBody() == null || request.getBody().isEmpty()) {
      if (requestBody.isRequired()) {
        throw new ValidatorException("The related request does not contain the required body.",
            ValidatorErrorType.MISSING_REQUIRED_PARAMETER);
      }
      return new RequestParameterImpl(null);
    }
    MediaType mediaType = requestBody.determineContentType(request.getContentType());
    Buffer content = request.getBody().getBuffer(Buffer.buffer());
    ContentAnalyser analyser = mediaType == null ? null
        : ContentAnalyser.getContentAnalyser(mediaType, request.getContentType(), content, ValidationContext.REQUEST);
    if (analyser == null) {
      throw new ValidatorException("The format of the " + ValidationContext.REQUEST + " body is not supported",
          ValidatorErrorType.UNSUPPORTED_VALUE_FORMAT);
    }
    // Throws when the content is not syntactically correct (malformed JSON).
    analyser.checkSyntacticalCorrectness();
    if (!isSchemaValidationRequired(mediaType)) {
      return new RequestParameterImpl(content);
    }
    Object transformed = analyser.transform();
    OutputUnit result = prepared(bodies, mediaType).validate(transformed);
    try {
      result.checkValidity();
      return new RequestParameterImpl(transformed);
    } catch (JsonSchemaValidationException e) {
      throw SchemaValidationException.createInvalidValueBody(result, ValidationContext.REQUEST, e);
    }
  }

  /** Binary content without further constraints, or no schema at all, is not checked (as in vertx-openapi). */
  private static boolean isSchemaValidationRequired(MediaType mediaType) {
    JsonSchema schema = mediaType.getSchema();
    if (schema == null) {
      return false;
    }
    boolean noFurtherProperties = schema.fieldNames().size() == 2;
    return !("string".equalsIgnoreCase(schema.get("type")) && "binary".equalsIgnoreCase(schema.get("format"))
        && noFurtherProperties);
  }

  private static <K> Validator prepared(Map<K, Validator> validators, K key) {
    Validator validator = validators.get(key);
    if (validator == null) {
      // Only the contract's own operations are routed here; anything else is a wiring fault, not a request's.
      throw new IllegalStateException("no prepared validator for " + key);
    }
    return validator;
  }
}
