package hpf.identity;

import java.util.List;

/** The authenticated subject of a request: a member, an employer or a staff user, in one session. */
public record Caller(String kind, String subjectId, List<String> roles, String sessionId, String appId) {

  public static final String MEMBER = "MEMBER";
  public static final String EMPLOYER = "EMPLOYER";
  public static final String STAFF = "STAFF";

  public boolean is(String kind) {
    return this.kind.equals(kind);
  }

  public boolean hasAnyRole(List<String> wanted) {
    return roles.stream().anyMatch(wanted::contains);
  }
}
