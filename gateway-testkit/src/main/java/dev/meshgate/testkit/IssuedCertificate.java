package dev.meshgate.testkit;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * A certificate issued by a {@link TestCa}, with its key pair and the chain up to (not including)
 * the root, and methods to write them as PEM in every format the loader accepts.
 *
 * <p>Immutable and thread-safe. Test material only: keys are kept in memory unprotected.
 *
 * @param certificate the issued certificate
 * @param chain the certificate followed by any intermediate CAs, not the root; immutable
 * @param keyPair the certificate's key pair
 * @param keyType the type of the key pair
 */
public record IssuedCertificate(
    X509Certificate certificate, List<X509Certificate> chain, KeyPair keyPair, KeyType keyType) {

  /**
   * Copies the chain.
   *
   * @param certificate the issued certificate
   * @param chain the certificate followed by any intermediate CAs, not the root
   * @param keyPair the certificate's key pair
   * @param keyType the type of the key pair
   */
  public IssuedCertificate {
    chain = List.copyOf(chain);
  }

  /**
   * Returns a JDK TLS context that presents this certificate (with its chain) and trusts the given
   * roots for the peer's certificate: a server that checks client certificates, or a client that
   * presents one.
   *
   * @param trusted the roots the peer's certificate must chain to; none for the JDK's default trust
   * @return a new, initialised context
   * @throws IllegalStateException if the JDK refuses the key or a root (never for what this kit issues)
   */
  public SSLContext sslContext(X509Certificate... trusted) {
    try {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry("leaf", keyPair.getPrivate(), new char[0], chain.toArray(Certificate[]::new));
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, new char[0]);
      TrustManager[] trust = null;
      if (trusted.length > 0) {
        KeyStore roots = KeyStore.getInstance("PKCS12");
        roots.load(null, null);
        for (int i = 0; i < trusted.length; i++) {
          roots.setCertificateEntry("root-" + i, trusted[i]);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(roots);
        trust = tmf.getTrustManagers();
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), trust, null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("the JDK cannot build a TLS context for " + subject(), e);
    }
  }

  /**
   * Returns the certificate alone as PEM.
   *
   * @return one {@code CERTIFICATE} block
   */
  public String certificatePem() {
    return pem(certificate);
  }

  /**
   * Returns the chain as PEM, leaf first.
   *
   * @return one {@code CERTIFICATE} block per certificate of {@link #chain()}
   */
  public String chainPem() {
    StringBuilder out = new StringBuilder();
    for (X509Certificate c : chain) {
      out.append(pem(c));
    }
    return out.toString();
  }

  /**
   * Returns the private key as unencrypted PEM in the given format.
   *
   * @param format an unencrypted format that fits the key type
   * @return the PEM text
   * @throws IllegalArgumentException if the format does not fit the key type or needs a password
   */
  public String privateKeyPem(KeyFormat format) {
    return privateKeyPem(format, new char[0]);
  }

  /**
   * Returns the private key as PEM in the given format.
   *
   * @param format a format that fits the key type
   * @param password the password for an encrypted format; empty for the others
   * @return the PEM text
   * @throws IllegalArgumentException if the format does not fit the key type, or the password is
   *     empty for an encrypted format or given for an unencrypted one
   */
  public String privateKeyPem(KeyFormat format, char[] password) {
    boolean encrypted = format == KeyFormat.PKCS8_ENCRYPTED || format == KeyFormat.LEGACY_ENCRYPTED;
    if (encrypted == (password.length == 0)) {
      throw new IllegalArgumentException("password: " + (encrypted ? "empty" : "given")
          + " (expected: a password exactly for PKCS8_ENCRYPTED and LEGACY_ENCRYPTED)");
    }
    try {
      switch (format) {
        case PKCS8:
          return pem(new JcaPKCS8Generator(keyPair.getPrivate(), null));
        case PKCS8_ENCRYPTED:
          return pem(new JcaPKCS8Generator(keyPair.getPrivate(),
              new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                  .setPRF(PKCS8Generator.PRF_HMACSHA256)
                  .setPassword(password)
                  .setProvider(bouncyCastle())
                  .build()));
        case PKCS1:
          requireType(format, KeyType.RSA_2048);
          return pem(new JcaMiscPEMGenerator(keyPair.getPrivate()));
        case SEC1:
          return pem(new JcaMiscPEMGenerator(sec1(true)));
        case SEC1_WITHOUT_PARAMETERS:
          return pem(new JcaMiscPEMGenerator(sec1(false)));
        case SEC1_AFTER_PARAMETERS_BLOCK:
          return pem(new PemObject("EC PARAMETERS", curve().toASN1Primitive().getEncoded()))
              + pem(new JcaMiscPEMGenerator(sec1(false)));
        default: // LEGACY_ENCRYPTED
          Object key = keyType == KeyType.EC_P256 ? sec1(true) : keyPair.getPrivate();
          if (keyType == KeyType.ED25519) {
            throw wrongType(format);
          }
          return pem(new JcaMiscPEMGenerator(key, new JcePEMEncryptorBuilder("AES-256-CBC").setProvider(bouncyCastle()).build(password)));
      }
    } catch (IOException | OperatorCreationException e) {
      throw new IllegalStateException("cannot encode the " + keyType + " key as " + format, e);
    }
  }

  /**
   * Writes {@link #certificatePem()} to a file, replacing it.
   *
   * @param file the target
   * @return {@code file}
   * @throws UncheckedIOException if the file cannot be written
   */
  public Path writeCertificate(Path file) {
    return write(file, certificatePem());
  }

  /**
   * Writes {@link #chainPem()} to a file, replacing it.
   *
   * @param file the target
   * @return {@code file}
   * @throws UncheckedIOException if the file cannot be written
   */
  public Path writeChain(Path file) {
    return write(file, chainPem());
  }

  /**
   * Writes {@link #privateKeyPem(KeyFormat, char[])} to a file, replacing it.
   *
   * @param file the target
   * @param format a format that fits the key type
   * @param password the password for an encrypted format; empty for the others
   * @return {@code file}
   * @throws UncheckedIOException if the file cannot be written
   * @throws IllegalArgumentException as {@link #privateKeyPem(KeyFormat, char[])}
   */
  public Path writePrivateKey(Path file, KeyFormat format, char[] password) {
    return write(file, privateKeyPem(format, password));
  }

  /**
   * Returns the certificate's subject as RFC 2253 text, a label for logs and key stores.
   *
   * @return the subject distinguished name
   */
  public String subject() {
    return certificate.getSubjectX500Principal().getName();
  }

  @Override
  public String toString() {
    return "IssuedCertificate[subject=" + certificate.getSubjectX500Principal().getName() + ", keyType=" + keyType + "]";
  }

  /** SEC1 as OpenSSL writes it: with the curve and the public key, unless the curve is left out. */
  private PrivateKeyInfo sec1(boolean withCurve) throws IOException {
    if (keyType != KeyType.EC_P256) {
      throw wrongType(KeyFormat.SEC1);
    }
    ASN1Encodable curve = curve();
    SubjectPublicKeyInfo publicKey = SubjectPublicKeyInfo.getInstance(keyPair.getPublic().getEncoded());
    org.bouncycastle.asn1.sec.ECPrivateKey ec = new org.bouncycastle.asn1.sec.ECPrivateKey(
        256, ((ECPrivateKey) keyPair.getPrivate()).getS(), publicKey.getPublicKeyData(), withCurve ? curve : null);
    return new PrivateKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, curve), ec);
  }

  private ASN1Encodable curve() {
    if (keyType != KeyType.EC_P256) {
      throw wrongType(KeyFormat.SEC1_AFTER_PARAMETERS_BLOCK);
    }
    return SubjectPublicKeyInfo.getInstance(keyPair.getPublic().getEncoded()).getAlgorithm().getParameters();
  }

  private void requireType(KeyFormat format, KeyType required) {
    if (keyType != required) {
      throw wrongType(format);
    }
  }

  private IllegalArgumentException wrongType(KeyFormat format) {
    return new IllegalArgumentException("format: " + format + " (expected: a format that can hold a " + keyType + " key)");
  }

  /** Encryption needs cipher names only BouncyCastle knows; its provider is passed, never registered. */
  private static java.security.Provider bouncyCastle() {
    return BouncyCastleHolder.PROVIDER;
  }

  private static final class BouncyCastleHolder {
    static final java.security.Provider PROVIDER = new org.bouncycastle.jce.provider.BouncyCastleProvider();
  }

  static String pem(Object object) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode " + object.getClass().getSimpleName() + " as PEM", e);
    }
    return out.toString();
  }

  static Path write(Path file, String text) {
    try {
      return Files.writeString(file, text, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
