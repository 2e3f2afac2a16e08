package hpf.crypto.bench;

import hpf.crypto.CanonicalRequest;
import hpf.crypto.FieldCipher;
import hpf.crypto.KeyRing;
import hpf.crypto.SignedToken;
import hpf.crypto.Sm2Keys;
import hpf.crypto.Sm4;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Per-request costs of caller security and of field encryption, one thread. Run: bench/crypto.sh */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CryptoBenchmark {

  private CanonicalRequest request;
  private String sm2Signature;
  private String hmacSignature;
  private byte[] secret;
  private Sm2Keys.Public appKey;
  private KeyRing<Sm2Keys.Public> tokenKeys;
  private String token;
  private Instant now;
  private FieldCipher fields;
  private String storedIdNumber;

  @Setup
  public void setUp() {
    Sm2Keys.Pair app = Sm2Keys.generate();
    appKey = app.publicKey();
    secret = "internal channel secret 0123456789".getBytes(StandardCharsets.UTF_8);
    request = new CanonicalRequest(CanonicalRequest.SM2_SCHEME, "POST", "/v1/withdrawals", "",
        "demo-mobile", "1795000000000", "nonce-0123456789abcdef",
        "{\"reason\":\"07\",\"amount\":\"1500.00\",\"bankCard\":\"6222021234567890123\"}".getBytes(StandardCharsets.UTF_8));
    sm2Signature = request.signSm2(app.privateKey());
    hmacSignature = request.signHmac(secret);
    Sm2Keys.Pair session = Sm2Keys.generate();
    tokenKeys = new KeyRing<>("session", Map.of(1, session.publicKey()), 1);
    now = Instant.now();
    token = SignedToken.issue(new SignedToken.Claims("M000001", "member", List.of(), "public", "demo-mobile", "s-1", now,
        now.plusSeconds(900)), new KeyRing<>("session", Map.of(1, session.privateKey()), 1));
    fields = new FieldCipher(new KeyRing<>("field", Map.of(1, Sm4.newKey()), 1), Sm4.newKey());
    storedIdNumber = fields.encrypt("person.id_number", "P00000001", "350102199001011234");
  }

  @Benchmark
  public boolean verifySm2RequestSignature() {
    return request.verifySm2(appKey, sm2Signature);
  }

  @Benchmark
  public boolean verifyHmacRequestSignature() {
    return request.verifyHmac(secret, hmacSignature);
  }

  @Benchmark
  public SignedToken.Claims verifySessionToken() {
    return SignedToken.verify(token, tokenKeys, "public", now);
  }

  @Benchmark
  public String encryptIdNumber() {
    return fields.encrypt("person.id_number", "P00000001", "350102199001011234");
  }

  @Benchmark
  public String decryptIdNumber() {
    return fields.decrypt("person.id_number", "P00000001", storedIdNumber);
  }

  @Benchmark
  public String blindIndexIdNumber() {
    return fields.blindIndex("person.id_number", "350102199001011234");
  }
}
