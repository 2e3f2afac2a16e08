package hpf.load;

/**
 * Where the simulations point: the public listener ({@code HPF_TARGET_URL}, default http://localhost:8080), the
 * sandbox servers ({@code HPF_SANDBOX_URL}, default http://127.0.0.1:8090: identity tickets, SMS, fault injection,
 * sandbox banks) and the admin listener ({@code HPF_ADMIN_URL}, default http://127.0.0.1:8083), signed in as a system
 * administrator: {@code HPF_OPERATOR_USER}, {@code HPF_OPERATOR_PASSWORD} and either the current code
 * {@code HPF_OPERATOR_OTP} or the TOTP secret {@code HPF_OPERATOR_OTP_SECRET} (the sandbox's demo operator
 * {@code ops.system} and its published password and secret unless set). System properties
 * of the same names win over the environment, so {@code mvn -DHPF_TARGET_URL=...} works too.
 */
final class Target {

  private Target() {}

  static String publicUrl() {
    return setting("HPF_TARGET_URL", "http://localhost:8080");
  }

  static String sandboxUrl() {
    return setting("HPF_SANDBOX_URL", "http://127.0.0.1:8090");
  }

  static String adminUrl() {
    return setting("HPF_ADMIN_URL", "http://127.0.0.1:8083");
  }

  /** The management listener ({@code HPF_MANAGEMENT_URL}, default http://127.0.0.1:9090): {@code /metrics}. */
  static String managementUrl() {
    return setting("HPF_MANAGEMENT_URL", "http://127.0.0.1:9090");
  }

  static String operatorUser() {
    return setting("HPF_OPERATOR_USER", "ops.system");
  }

  static String operatorPassword() {
    return setting("HPF_OPERATOR_PASSWORD", "Sandbox@Ops-2026");
  }

  /** The code to sign in with: HPF_OPERATOR_OTP as given, else computed from HPF_OPERATOR_OTP_SECRET now. */
  static String operatorOtp() {
    String given = setting("HPF_OPERATOR_OTP", "");
    return !given.isEmpty() ? given : hpf.crypto.Totp.code(setting("HPF_OPERATOR_OTP_SECRET",
        "HPFSANDBOXSYSTEMADMINTOTPSECRETA"), hpf.crypto.Totp.step(java.time.Instant.now()));
  }

  /** A whole number setting, e.g. the number of users or the duration of a run in seconds. */
  static int number(String name, int fallback) {
    return Integer.parseInt(setting(name, String.valueOf(fallback)));
  }

  static String setting(String name, String fallback) {
    String property = System.getProperty(name);
    if (property != null && !property.isBlank()) {
      return property;
    }
    String env = System.getenv(name);
    return env != null && !env.isBlank() ? env : fallback;
  }
}
