package hpf.sources;

/**
 * A data source did not give a usable answer. The kind tells the guard and the caller what happened; the message
 * names the dependency and never carries the query's personal data.
 */
public final class SourceException extends RuntimeException {

  /** What went wrong on the way. */
  public enum Kind {
    /** No connection, or the connection was closed before an answer. */
    UNREACHABLE,
    /** No complete answer within the client's timeout. */
    TIMEOUT,
    /** An HTTP status other than 200. */
    HTTP_ERROR,
    /** 200, but not the JSON the protocol promises. */
    MALFORMED
  }

  private final transient SourceQuery query;
  private final Kind kind;
  private final int status;

  SourceException(SourceQuery query, Kind kind, int status, String detail, Throwable cause) {
    super(query.dependency() + " (" + query.name() + "): " + kind + (status > 0 ? " " + status : "") + ": " + detail,
        cause);
    this.query = query;
    this.kind = kind;
    this.status = status;
  }

  public String dependency() {
    return query.dependency();
  }

  /** The service's Chinese name, for business-language errors. */
  public String serviceName() {
    return query.name();
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status for {@link Kind#HTTP_ERROR}, else 0. */
  public int status() {
    return status;
  }
}
