package dev.meshgate.tls;

import dev.meshgate.tls.TlsMaterialException.Reason;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Checks on certificate chains and keys, each failing with a {@link TlsMaterialException}. */
final class Certificates {
  private Certificates() {}

  /** Each certificate must be issued (name and signature) by the one after it. */
  static void requireChainInOrder(String source, List<X509Certificate> chain) {
    for (int i = 0; i + 1 < chain.size(); i++) {
      X509Certificate child = chain.get(i);
      X509Certificate parent = chain.get(i + 1);
      if (!child.getIssuerX500Principal().equals(parent.getSubjectX500Principal()) || !signedBy(child, parent.getPublicKey())) {
        throw new TlsMaterialException(source, Reason.CHAIN_OUT_OF_ORDER,
            "certificate " + (i + 2) + " (" + subject(parent) + ") did not issue certificate " + (i + 1)
                + " (" + subject(child) + ") (expected: the leaf first, then each issuer in order)");
      }
    }
  }

  private static boolean signedBy(X509Certificate certificate, PublicKey issuerKey) {
    try {
      certificate.verify(issuerKey);
      return true;
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  /** Every certificate of the chain must be within its validity period at {@code now}. */
  static void requireCurrentlyValid(String source, List<X509Certificate> chain, Instant now) {
    for (int i = 0; i < chain.size(); i++) {
      X509Certificate certificate = chain.get(i);
      Instant notBefore = certificate.getNotBefore().toInstant();
      Instant notAfter = certificate.getNotAfter().toInstant();
      if (now.isBefore(notBefore)) {
        throw new TlsMaterialException(source, Reason.NOT_YET_VALID,
            "certificate " + (i + 1) + " (" + subject(certificate) + ") is not valid before " + notBefore);
      }
      if (now.isAfter(notAfter)) {
        throw new TlsMaterialException(source, Reason.EXPIRED,
            "certificate " + (i + 1) + " (" + subject(certificate) + ") expired at " + notAfter);
      }
    }
  }

  /** A CA file must hold at least one certificate marked as a CA. */
  static void requireCa(String source, List<X509Certificate> certificates) {
    for (X509Certificate certificate : certificates) {
      if (certificate.getBasicConstraints() >= 0) {
        return;
      }
    }
    throw new TlsMaterialException(source, Reason.NO_CA_CERTIFICATE,
        "none of the " + certificates.size() + " certificate(s) is a CA"
            + " (expected: at least one with basicConstraints CA:TRUE)");
  }

  /**
   * A CA file must hold at least one CA certificate within its validity period at {@code now}.
   * The JDK's PKIX checks never look at a trust anchor's dates, so without this a bundle whose
   * only root has expired would verify servers that OpenSSL refuses.
   */
  static void requireCurrentCa(String source, List<X509Certificate> certificates, Instant now) {
    int first = -1;
    for (int i = 0; i < certificates.size(); i++) {
      X509Certificate certificate = certificates.get(i);
      if (certificate.getBasicConstraints() < 0) {
        continue;
      }
      if (validAt(certificate, now)) {
        return;
      }
      if (first < 0) {
        first = i;
      }
    }
    if (first < 0) {
      return; // no CA at all: requireCa reports that
    }
    X509Certificate certificate = certificates.get(first);
    boolean expired = now.isAfter(certificate.getNotAfter().toInstant());
    throw new TlsMaterialException(source, expired ? Reason.EXPIRED : Reason.NOT_YET_VALID,
        "certificate " + (first + 1) + " (" + subject(certificate) + ") "
            + (expired ? "expired at " + certificate.getNotAfter().toInstant()
                : "is not valid before " + certificate.getNotBefore().toInstant())
            + (caCount(certificates) > 1 ? ", as has every other CA certificate of the file" : "")
            + " (expected: at least one CA certificate valid now)");
  }

  private static int caCount(List<X509Certificate> certificates) {
    int count = 0;
    for (X509Certificate certificate : certificates) {
      if (certificate.getBasicConstraints() >= 0) {
        count++;
      }
    }
    return count;
  }

  static boolean validAt(X509Certificate certificate, Instant now) {
    return !now.isBefore(certificate.getNotBefore().toInstant()) && !now.isAfter(certificate.getNotAfter().toInstant());
  }

  /**
   * The key types a TLS endpoint here can sign with. DSA (and anything else) is refused by name
   * before the pair is compared: reporting it as "does not match" sent people hunting for the
   * wrong certificate.
   */
  static void requireSupportedKeyType(String keySource, PrivateKey key) {
    String algorithm = key.getAlgorithm();
    if (!algorithm.equals("RSA") && !algorithm.equals("RSASSA-PSS") && signatureAlgorithm(algorithm) == null) {
      throw new TlsMaterialException(keySource, Reason.UNSUPPORTED_KEY,
          "unsupported key type " + algorithm + " (expected: an RSA, EC or EdDSA private key)");
    }
  }

  /** The private key must belong to the leaf: same RSA modulus, or a signature the leaf's key verifies. */
  static void requireKeyMatches(String keySource, PrivateKey key, X509Certificate leaf, String certSource) {
    requireSupportedKeyType(keySource, key);
    PublicKey publicKey = leaf.getPublicKey();
    boolean matches;
    if (key instanceof RSAKey rsa && publicKey instanceof RSAPublicKey rsaPublic) {
      matches = rsa.getModulus().equals(rsaPublic.getModulus());
    } else if (!sameFamily(key.getAlgorithm(), publicKey.getAlgorithm())) {
      matches = false;
    } else {
      matches = signatureVerifies(keySource, key, publicKey);
    }
    if (!matches) {
      throw new TlsMaterialException(keySource, Reason.KEY_MISMATCH,
          "the " + key.getAlgorithm() + " private key does not match certificate 1 (" + subject(leaf) + ") of "
              + certSource);
    }
  }

  private static boolean sameFamily(String keyAlgorithm, String certificateAlgorithm) {
    return signatureAlgorithm(keyAlgorithm) != null
        && signatureAlgorithm(keyAlgorithm).equals(signatureAlgorithm(certificateAlgorithm));
  }

  private static String signatureAlgorithm(String keyAlgorithm) {
    switch (keyAlgorithm) {
      case "EC":
        return "SHA256withECDSA";
      case "EdDSA":
      case "Ed25519":
      case "Ed448":
        return "EdDSA";
      default:
        return null;
    }
  }

  private static boolean signatureVerifies(String keySource, PrivateKey key, PublicKey publicKey) {
    byte[] challenge = new byte[32];
    new SecureRandom().nextBytes(challenge);
    String algorithm = signatureAlgorithm(key.getAlgorithm());
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(challenge);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      // Keys on different curves fail here rather than verify false: both mean "not a pair".
      return false;
    }
  }

  /** Certificates of the chain that expire within {@code horizon} of {@code now}, as warnings. */
  static List<ExpiryWarning> expiringWithin(String source, List<X509Certificate> chain, Instant now, Duration horizon) {
    List<ExpiryWarning> warnings = new ArrayList<>();
    Instant limit = now.plus(horizon);
    for (int i = 0; i < chain.size(); i++) {
      X509Certificate certificate = chain.get(i);
      Instant notAfter = certificate.getNotAfter().toInstant();
      if (!notAfter.isAfter(limit)) {
        warnings.add(new ExpiryWarning(source, i + 1, subject(certificate), notAfter));
      }
    }
    return List.copyOf(warnings);
  }

  /** The subject DN as RFC 2253 text, bounded so that a hostile certificate cannot flood a log. */
  static String subject(X509Certificate certificate) {
    String name = certificate.getSubjectX500Principal().getName();
    if (name.isEmpty()) {
      return "empty subject";
    }
    return "\"" + (name.length() > 200 ? name.substring(0, 200) + "..." : name) + "\"";
  }
}
