package hpf.channel;

/** The network zones; each has its own listener, port and OpenAPI contract in {@code api-specs/}. */
public enum Zone {
  PUBLIC("public", "public.yaml", "HPF_PUBLIC_PORT"),
  BANK("bank", "bank.yaml", "HPF_BANK_PORT"),
  INTEROP("interop", "interop.yaml", "HPF_INTEROP_PORT"),
  ADMIN("admin", "admin.yaml", "HPF_ADMIN_PORT"),
  MANAGEMENT("management", "management.yaml", "HPF_MANAGEMENT_PORT");

  private final String label;
  private final String contractFile;
  private final String portKey;

  Zone(String label, String contractFile, String portKey) {
    this.label = label;
    this.contractFile = contractFile;
    this.portKey = portKey;
  }

  /** The configuration key of this zone's port, named in start-up errors. */
  public String portKey() {
    return portKey;
  }

  /** Lower-case name used in logs and metrics. */
  public String label() {
    return label;
  }

  public String contractFile() {
    return contractFile;
  }
}
