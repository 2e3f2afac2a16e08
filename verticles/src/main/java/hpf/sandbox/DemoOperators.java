package hpf.sandbox;

import hpf.identity.OperatorAccounts;
import hpf.identity.Operators;
import io.vertx.core.Future;
import java.util.List;

/**
 * The sandbox run's demo operators, one per role, with a published password and published TOTP secrets (add them
 * to an authenticator app, or compute the code with {@link hpf.crypto.Totp}). Created only when HPF_SANDBOX=true;
 * a production start refuses a database that holds them ({@link DemoResidue}).
 */
public final class DemoOperators {

  /** The documented password of every demo operator. */
  public static final String PASSWORD = "Sandbox@Ops-2026";

  /** A demo operator and its documented TOTP secret (base32). */
  public record Demo(String username, String displayName, String role, String otpSecret) {}

  public static final List<Demo> ALL = List.of(
      new Demo("ops.system", "演示·系统管理员", Operators.SYSTEM_ADMIN, "HPFSANDBOXSYSTEMADMINTOTPSECRETA"),
      new Demo("ops.security", "演示·安全管理员", Operators.SECURITY_ADMIN, "HPFSANDBOXSECURITYADMINTOTPSECRT"),
      new Demo("ops.auditor", "演示·审计员", Operators.AUDITOR, "HPFSANDBOXAUDITORTOTPSECRETAAAAA"));

  private DemoOperators() {}

  public static Demo byRole(String role) {
    return ALL.stream().filter(d -> d.role().equals(role)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no demo operator for role " + role));
  }

  /** Creates the demo operators that are missing (sandbox start only). */
  public static Future<Void> register(OperatorAccounts accounts) {
    Future<Void> chain = Future.succeededFuture();
    for (Demo demo : ALL) {
      chain = chain.compose(v -> accounts.ensureDemo(demo.username(), demo.displayName(), demo.role(), PASSWORD,
          demo.otpSecret()));
    }
    return chain;
  }
}
