package dev.meshgate.tls;

import dev.meshgate.core.terminating.TlsMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;

/**
 * The loaded and checked files of a one-way or mutual {@link TlsMode}: the CA bundle, the client
 * chain and key (mutual only), and the SNI.
 *
 * <p>Equality is by content: two materials are equal when their files held identical bytes and
 * their SNI is the same, whatever the paths. That is what lets {@link TlsContexts} build one JDK
 * context per distinct material set and share it between every service that uses it; {@link
 * #toString()} and error messages still name the paths this material was read from.
 *
 * <p>Immutable and thread-safe. {@link #toString()} names the files, never the key.
 */
public final class OriginationMaterial {
  private final String source;
  private final TrustBundle trust;
  private final KeyMaterial keyMaterial;
  private final Optional<String> sni;
  private final byte[] digest;
  private final int hash;

  private OriginationMaterial(
      String source, TrustBundle trust, KeyMaterial keyMaterial, Optional<String> sni, byte[] digest) {
    this.source = source;
    this.trust = trust;
    this.keyMaterial = keyMaterial;
    this.sni = sni;
    this.digest = digest;
    this.hash = Arrays.hashCode(digest);
  }

  /** The raw bytes of a mode's files, read once so that the digest and the parse see the same content. */
  record Files(TlsMode mode, byte[] ca, byte[] cert, byte[] key) {
    static Files read(TlsMode mode) {
      return read(mode, Pem::read);
    }

    /** Reads with {@code reader}, which is {@code Pem.read} but for tests of a read that hangs. */
    static Files read(TlsMode mode, Function<Path, byte[]> reader) {
      if (mode instanceof TlsMode.OneWay oneWay) {
        return new Files(mode, reader.apply(Path.of(oneWay.caFile())), null, null);
      }
      TlsMode.Mutual mutual = (TlsMode.Mutual) mode;
      return new Files(mode, reader.apply(Path.of(mutual.caFile())), reader.apply(Path.of(mutual.certFile())),
          reader.apply(Path.of(mutual.keyFile())));
    }

    Optional<String> sni() {
      return mode instanceof TlsMode.OneWay oneWay ? oneWay.sni() : ((TlsMode.Mutual) mode).sni();
    }

    /** SHA-256 over the SNI and each file, each length-prefixed so that no two sets collide by concatenation. */
    byte[] digest() {
      MessageDigest sha256;
      try {
        sha256 = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every JDK has SHA-256", e);
      }
      byte[] name = sni().orElse("").getBytes(StandardCharsets.UTF_8);
      update(sha256, sni().isPresent() ? name : null);
      update(sha256, ca);
      update(sha256, cert);
      update(sha256, key);
      return sha256.digest();
    }

    private static void update(MessageDigest digest, byte[] part) {
      digest.update(ByteBuffer.allocate(4).putInt(part == null ? -1 : part.length).array());
      if (part != null) {
        digest.update(part);
      }
    }
  }

  static OriginationMaterial parse(Files files, byte[] digest, char[] password, Instant now) {
    TlsMode mode = files.mode();
    if (mode instanceof TlsMode.OneWay oneWay) {
      TrustBundle trust = caFile(oneWay.caFile(), files.ca(), now);
      return new OriginationMaterial("CAFile " + oneWay.caFile(), trust, null, oneWay.sni(), digest);
    }
    TlsMode.Mutual mutual = (TlsMode.Mutual) mode;
    TrustBundle trust = caFile(mutual.caFile(), files.ca(), now);
    KeyMaterial key = KeyMaterial.fromBytes(mutual.certFile(), files.cert(), mutual.keyFile(), files.key(), password, now);
    return new OriginationMaterial(
        "CAFile " + mutual.caFile() + ", CertFile " + mutual.certFile() + ", KeyFile " + mutual.keyFile(),
        trust, key, mutual.sni(), digest);
  }

  private static TrustBundle caFile(String path, byte[] bytes, Instant now) {
    TrustBundle trust = TrustBundle.fromBytes(path, bytes);
    Certificates.requireCurrentCa(path, trust.certificates(), now);
    return trust;
  }

  /**
   * Returns the CA bundle that verifies the service.
   *
   * @return the contents of {@code CAFile}
   */
  public TrustBundle trust() {
    return trust;
  }

  /**
   * Returns the client certificate chain and key presented in mutual TLS.
   *
   * @return the contents of {@code CertFile} and {@code KeyFile}, or empty for one-way TLS
   */
  public Optional<KeyMaterial> keyMaterial() {
    return Optional.ofNullable(keyMaterial);
  }

  KeyMaterial keyMaterialOrNull() {
    return keyMaterial;
  }

  /**
   * Returns the server name sent in the ClientHello and required as a SAN of the service's
   * certificate.
   *
   * @return the {@code SNI}, or empty to verify the dialled host name instead
   */
  public Optional<String> sni() {
    return sni;
  }

  String source() {
    return source;
  }

  byte[] digest() {
    return digest;
  }

  @Override
  public boolean equals(Object o) {
    return o == this || (o instanceof OriginationMaterial other && hash == other.hash && Arrays.equals(digest, other.digest));
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return "OriginationMaterial[" + source + sni.map(s -> ", SNI " + s).orElse("") + "]";
  }
}
