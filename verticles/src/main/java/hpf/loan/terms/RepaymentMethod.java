package hpf.loan.terms;

/** How a loan is repaid, with its JGJ/T 320 code (A.11 还款方式): 01 等额本息, 02 等额本金. */
public enum RepaymentMethod {
  /** 等额本息: the same installment every period; the last one settles what remains. */
  EQUAL_INSTALLMENT("01", "等额本息"),
  /** 等额本金: the same principal every period plus the interest on what is still owed. */
  EQUAL_PRINCIPAL("02", "等额本金");

  private final String code;
  private final String title;

  RepaymentMethod(String code, String title) {
    this.code = code;
    this.title = title;
  }

  public String code() {
    return code;
  }

  public String title() {
    return title;
  }

  /** The method of a JGJ/T 320 code; IllegalArgumentException for any other text. */
  public static RepaymentMethod ofCode(String code) {
    for (RepaymentMethod m : values()) {
      if (m.code.equals(code)) {
        return m;
      }
    }
    throw new IllegalArgumentException("no repayment method with code " + code);
  }
}
