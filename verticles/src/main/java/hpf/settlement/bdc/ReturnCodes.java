package hpf.settlement.bdc;

import java.util.Map;

/**
 * Return codes (RtnCode) of this platform's BDC variant. {@code 00000} is success; {@code E…} are protocol refusals
 * (the message itself was not processed: sign in again, fix the format); {@code B…} are business answers (the
 * transaction was processed and rejected, or the thing asked about does not exist). Real banks publish their own
 * business codes; the protocol ones are agreed at go-live.
 */
public final class ReturnCodes {

  public static final String OK = "00000";
  /** No session for this sender, or the body did not decrypt with it: sign in (BDC001) and send again. */
  public static final String NOT_SIGNED_IN = "E1001";
  public static final String FORMAT_ERROR = "E1002";
  public static final String UNKNOWN_TRANSACTION = "E1003";
  public static final String SIGNATURE_INVALID = "E1005";
  /** The bank did not accept the message at all (maintenance, closed): nothing was processed. */
  public static final String NOT_ACCEPTED = "E1009";
  public static final String ACCOUNT_FROZEN = "B2001";
  public static final String NAME_MISMATCH = "B2002";
  public static final String INSUFFICIENT_FUNDS = "B2003";
  public static final String NO_ACCOUNT = "B2004";
  public static final String ORIGINAL_NOT_FOUND = "B3001";
  public static final String BATCH_TOTALS_MISMATCH = "B4001";
  public static final String BATCH_NOT_FOUND = "B4002";
  public static final String BATCH_NOT_FINISHED = "B4003";
  public static final String RANGE_TOO_WIDE = "B5001";
  /** The host failed the transaction after first answering "uncertain" (host status 4). */
  public static final String HOST_FAILED = "B9001";

  private static final Map<String, String> MESSAGES = Map.ofEntries(
      Map.entry(OK, "交易成功"), Map.entry(NOT_SIGNED_IN, "未签到或会话已失效"), Map.entry(FORMAT_ERROR, "报文格式错误"),
      Map.entry(UNKNOWN_TRANSACTION, "交易码不支持"), Map.entry(SIGNATURE_INVALID, "签名验证失败"),
      Map.entry(NOT_ACCEPTED, "银行系统暂停受理"), Map.entry(ACCOUNT_FROZEN, "账户已冻结"),
      Map.entry(NAME_MISMATCH, "户名不符"), Map.entry(INSUFFICIENT_FUNDS, "余额不足"), Map.entry(NO_ACCOUNT, "账户不存在"),
      Map.entry(ORIGINAL_NOT_FOUND, "原交易不存在"), Map.entry(BATCH_TOTALS_MISMATCH, "批量汇总笔数或金额不符"),
      Map.entry(BATCH_NOT_FOUND, "批次不存在"), Map.entry(BATCH_NOT_FINISHED, "批次尚未处理完成"),
      Map.entry(RANGE_TOO_WIDE, "查询区间过长"), Map.entry(HOST_FAILED, "主机交易失败"));

  private ReturnCodes() {}

  /** A protocol refusal: the message was not processed. */
  public static boolean protocol(String code) {
    return code != null && code.startsWith("E");
  }

  /** The Chinese message of a known code, else 交易失败. */
  public static String message(String code) {
    return MESSAGES.getOrDefault(code, "交易失败");
  }
}
