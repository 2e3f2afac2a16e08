package hpf.load;

/**
 * Where the simulations point: the public listener ({@code HPF_TARGET_URL}, default http://localhost:8080), the
 * sandbox servers ({@code HPF_SANDBOX_URL}, default http://127.0.0.1:8090: identity tickets, SMS, fault injection,
 * sandbox banks) and the admin listener ({@code HPF_ADMIN_URL}, default http://127.0.0.1:8083; operator
 * {@code HPF_ADMIN_USER}/{@code HPF_ADMIN_PASSWORD}, the sandbox's published defaults unless set). System properties
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

  static String adminUser() {
    return setting("HPF_ADMIN_USER", "operator");
  }

  static String adminPassword() {
    return setting("HPF_ADMIN_PASSWORD", "hpf-sandbox-operator");
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
