package hpf.account;

import io.vertx.core.Future;

/**
 * Verification of an employer against the enterprise registry (统一社会信用代码 → 企业信息) before it is opened or
 * renamed: the code is registered, the name matches, the enterprise is in business. The data-source adapter
 * (national sharing platform or the market regulator) implements it; a refusal carries its own problem.
 */
public interface EmployerRegistryCheck {

  String NAME = "ENTERPRISE_REGISTRY";

  Future<Verification> verify(String creditCode, String name);
}
