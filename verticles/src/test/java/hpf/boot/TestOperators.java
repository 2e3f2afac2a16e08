package hpf.boot;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * How tests authenticate on the admin listener, by the role the step needs: one place to change when the way
 * operators sign in changes. Roles: {@code SYSTEM_ADMIN} (traffic, dependencies, settlement, jobs),
 * {@code SECURITY_ADMIN} (accounts, roles, keys, channel apps), {@code AUDITOR} (audit, evidence, verification).
 */
public final class TestOperators {

  public static final String SYSTEM_ADMIN = "SYSTEM_ADMIN";
  public static final String SECURITY_ADMIN = "SECURITY_ADMIN";
  public static final String AUDITOR = "AUDITOR";

  private TestOperators() {}

  /** The value of the Authorization header for an operator holding this role on the shared test platform. */
  public static String authorization(String role) {
    return "Basic " + Base64.getEncoder().encodeToString("operator:hpf-sandbox-operator".getBytes(StandardCharsets.UTF_8));
  }
}
