package dev.meshgate.tls;

import dev.meshgate.core.internal.Require;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * A certificate chain and its private key: what a TLS endpoint presents. Every instance has been
 * checked: the chain is non-empty and in order (leaf first, then each issuer), and the key belongs
 * to the leaf. Loading from PEM also checks that every certificate of the chain is within its
 * validity period at the time given.
 *
 * <p>Immutable and thread-safe. {@link #toString()} describes the leaf and never the key.
 */
public final class KeyMaterial {
  private final String source;
  private final List<X509Certificate> chain;
  private final PrivateKey privateKey;

  private KeyMaterial(String source, List<X509Certificate> chain, PrivateKey privateKey) {
    this.source = source;
    this.chain = chain;
    this.privateKey = privateKey;
  }

  /**
   * Loads a PEM certificate chain and its PEM private key from files, checking them at the current
   * time.
   *
   * @param certFile the chain, leaf first
   * @param keyFile the private key: PKCS#8, encrypted PKCS#8, PKCS#1 RSA, SEC1 EC (with or without
   *     its curve) or legacy OpenSSL-encrypted PEM
   * @param password the key's password; empty when the key is not encrypted. Not retained.
   * @return the checked material
   * @throws TlsMaterialException naming the file and the problem
   */
  public static KeyMaterial load(Path certFile, Path keyFile, char[] password) {
    return load(certFile, keyFile, password, Instant.now());
  }

  /**
   * Loads a PEM certificate chain and its PEM private key from files, checking validity at {@code
   * now}.
   *
   * @param certFile the chain, leaf first
   * @param keyFile the private key (see {@link #load(Path, Path, char[])} for the formats)
   * @param password the key's password; empty when the key is not encrypted. Not retained.
   * @param now the time at which every certificate must be valid
   * @return the checked material
   * @throws TlsMaterialException naming the file and the problem
   */
  public static KeyMaterial load(Path certFile, Path keyFile, char[] password, Instant now) {
    return fromBytes(certFile.toString(), Pem.read(certFile), keyFile.toString(), Pem.read(keyFile), password, now);
  }

  /**
   * Parses a PEM certificate chain and its PEM private key held in memory, such as a leaf
   * certificate that a Consul agent hands out, checking validity at {@code now}.
   *
   * @param label names the material in error messages, e.g. {@code leaf of web}
   * @param certificatePem the chain, leaf first
   * @param privateKeyPem the private key (see {@link #load(Path, Path, char[])} for the formats)
   * @param password the key's password; empty when the key is not encrypted. Not retained.
   * @param now the time at which every certificate must be valid
   * @return the checked material
   * @throws TlsMaterialException naming {@code label} and the problem
   */
  public static KeyMaterial parse(
      String label, String certificatePem, String privateKeyPem, char[] password, Instant now) {
    return fromBytes(label + " (certificate)", certificatePem.getBytes(StandardCharsets.ISO_8859_1),
        label + " (private key)", privateKeyPem.getBytes(StandardCharsets.ISO_8859_1), password, now);
  }

  /**
   * Wraps a chain and key obtained elsewhere, checking order and key match but not validity.
   *
   * @param label names the material in error messages
   * @param chain the chain, leaf first; copied
   * @param privateKey the leaf's private key
   * @return the checked material
   * @throws TlsMaterialException if the chain is out of order or the key does not match
   * @throws IllegalArgumentException if the chain is empty
   */
  public static KeyMaterial of(String label, List<X509Certificate> chain, PrivateKey privateKey) {
    List<X509Certificate> copy = List.copyOf(chain);
    Require.argument(!copy.isEmpty(), "chain: [] (expected: at least the leaf certificate)");
    Certificates.requireChainInOrder(label, copy);
    Certificates.requireKeyMatches(label, privateKey, copy.get(0), label);
    return new KeyMaterial(label, copy, privateKey);
  }

  static KeyMaterial fromBytes(
      String certSource, byte[] certBytes, String keySource, byte[] keyBytes, char[] password, Instant now) {
    List<X509Certificate> chain = List.copyOf(Pem.certificates(certSource, certBytes));
    Certificates.requireChainInOrder(certSource, chain);
    Certificates.requireCurrentlyValid(certSource, chain, now);
    X509Certificate leaf = chain.get(0);
    PrivateKey key = Pem.privateKey(keySource, keyBytes, password,
        SubjectPublicKeyInfo.getInstance(leaf.getPublicKey().getEncoded()));
    Certificates.requireKeyMatches(keySource, key, leaf, certSource);
    return new KeyMaterial(certSource, chain, key);
  }

  /**
   * Returns the chain.
   *
   * @return the certificates, leaf first, each followed by its issuer; immutable
   */
  public List<X509Certificate> chain() {
    return chain;
  }

  /**
   * Returns the first certificate of the chain.
   *
   * @return the leaf
   */
  public X509Certificate leaf() {
    return chain.get(0);
  }

  /**
   * Returns the private key of the leaf.
   *
   * @return the key
   */
  public PrivateKey privateKey() {
    return privateKey;
  }

  /**
   * Lists the certificates of the chain that expire within {@code horizon} of {@code now}.
   *
   * @param horizon how far ahead to look, e.g. {@code Duration.ofDays(7)}
   * @param now the current time
   * @return one warning per such certificate, in chain order; empty when none
   */
  public List<ExpiryWarning> expiringWithin(Duration horizon, Instant now) {
    return Certificates.expiringWithin(source, chain, now, horizon);
  }

  @Override
  public String toString() {
    return "KeyMaterial[leaf=" + Certificates.subject(leaf()) + ", chain=" + chain.size()
        + ", key=" + privateKey.getAlgorithm() + "]";
  }
}
