package hpf.boot;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A production configuration (HPF_SANDBOX=false) with secrets of its own and every third party configured: it
 * passes every start-up guard, so a test spoils exactly the one thing it is about.
 */
public final class ProductionSettings {

  private ProductionSettings() {}

  public static Map<String, String> own() {
    Map<String, String> o = new HashMap<>();
    o.put("HPF_SANDBOX", "false");
    o.put("HPF_ADMIN_PASSWORD", "a-real-operator-secret");
    o.put("HPF_FIELD_KEYS", "1:00112233445566778899aabbccddeeff");
    o.put("HPF_BLIND_INDEX_KEY", "ffeeddccbbaa99887766554433221100");
    o.put("HPF_TOKEN_KEYS", "1:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    o.put("HPF_PLATFORM_KEYS", "1:1123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    o.put("HPF_CHAIN_KEYS", "1:2123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    // A secret cluster name, unique per call so two production instances of one test run never meet.
    o.put("HPF_CLUSTER_NAME", SettingsTest.PRODUCTION_CLUSTER + "-" + java.util.UUID.randomUUID().toString().substring(0, 8));
    for (String key : new String[] {"HPF_IDP_URL", "HPF_SMS_URL", "HPF_NATIONAL_SHARING_URL", "HPF_COLLABORATION_URL",
        "HPF_REAL_ESTATE_URL", "HPF_FUNERAL_URL", "HPF_PENSION_URL", "HPF_ELICENSE_URL"}) {
      o.put(key, "https://" + key.toLowerCase(Locale.ROOT).replace('_', '-') + ".example.gov.cn");
    }
    return o;
  }
}
