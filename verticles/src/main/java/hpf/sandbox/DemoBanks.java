package hpf.sandbox;

import hpf.crypto.Sm2Keys;
import hpf.keys.PublishedKeys;
import hpf.settlement.PartnerBanks;
import io.vertx.core.Future;
import java.util.List;

/**
 * The sandbox run's partner banks with published SM2 keys, {@code d = SM3("hpf-sandbox-bank:" + bankCode)
 * mod (n - 1) + 1}. Registered only when HPF_SANDBOX=true.
 */
public final class DemoBanks {

  /** A demo bank and its signing key. */
  public record Bank(String bankCode, String name) {
    public Sm2Keys.Private privateKey() {
      return PublishedKeys.demoBankKey(bankCode);
    }
  }

  public static final List<Bank> ALL = List.of(new Bank("102", "中国工商银行（演示）"), new Bank("105", "中国建设银行（演示）"));

  private DemoBanks() {}

  /**
   * Registers the demo banks, with the center's accounts the sandbox banks keep (the payers of their payments) and,
   * on first registration, their opening balances in the books, as the sandbox banks open them.
   */
  public static Future<Void> register(PartnerBanks banks) {
    return Future.all(ALL.stream().map(b -> banks.registerIfAbsent(b.bankCode(), b.name(), b.privateKey().publicKey(),
                hpf.sandbox.bank.SandboxBank.CENTER_OPENING_BALANCE)
            .compose(v -> banks.setCenterAccount(b.bankCode(), hpf.sandbox.bank.SandboxBank.centerAccountNo(b.bankCode()),
                hpf.sandbox.bank.SandboxBank.CENTER_NAME)))
        .toList()).mapEmpty();
  }
}
