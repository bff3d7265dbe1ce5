package dev.meshgate.tls;

import dev.meshgate.tls.TlsMaterialException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMDecryptor;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.util.encoders.Hex;
import org.bouncycastle.util.io.pem.PemHeader;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/*
 * Why blocks are dispatched here rather than through PEMParser.readObject(): the error messages
 * must name the block (its position and type) that is wrong, and PEMParser hides the type once
 * it has chosen a parser. So BouncyCastle's PemReader splits the text into typed blocks (it
 * skips comments and blank lines between them, as CA bundles have), BouncyCastle's ASN.1 classes
 * decode each block, its decryptors open encrypted keys, and its converters produce JCA objects.
 * Nothing here decodes base64 or ASN.1 by hand.
 *
 * Every BouncyCastle call is wrapped: it reports bad input with IOException, with its own
 * exceptions and with plain RuntimeExceptions (e.g. an index error on a BEGIN line without
 * dashes). All of them become a TlsMaterialException naming the block, so callers see one type.
 *
 * The JDK's providers do the cryptography (key factories, certificate factory, AES/DES and PBKDF2
 * for encrypted keys); no provider is registered globally.
 */

/** Reads PEM text into certificates and private keys. Stateless; thread-safe. */
final class Pem {
  static final String CERTIFICATE = "CERTIFICATE";
  private static final String X509_CERTIFICATE = "X509 CERTIFICATE";
  static final String PRIVATE_KEY = "PRIVATE KEY";
  static final String ENCRYPTED_PRIVATE_KEY = "ENCRYPTED PRIVATE KEY";
  static final String RSA_PRIVATE_KEY = "RSA PRIVATE KEY";
  static final String EC_PRIVATE_KEY = "EC PRIVATE KEY";
  static final String EC_PARAMETERS = "EC PARAMETERS";
  private static final String DSA_PRIVATE_KEY = "DSA PRIVATE KEY";
  private static final String UNSUPPORTED_HINT =
      " (expected: PKCS#8, PKCS#1 RSA or SEC1 EC, e.g. converted with `openssl pkcs8 -topk8`)";

  private Pem() {}

  /**
   * Reads a whole file, refusing anything but a regular file of at most {@link
   * TlsMaterialException#MAX_PEM_BYTES}.
   *
   * <p>Symbolic links are followed (a Kubernetes secret mount is a chain of them) to their final
   * target, which is then checked and opened without following links again: a FIFO would block
   * {@code open(2)} until a writer appears, and a device could be read forever. Between the check
   * and the open the target could still be swapped; CertificateReloader bounds each read in time
   * for that case.
   */
  static byte[] read(Path file) {
    String source = file.toString();
    try {
      Path target = file.toRealPath();
      BasicFileAttributes attributes = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      String resolved = target.equals(file.toAbsolutePath().normalize()) ? "" : "resolves to " + target + ", which ";
      if (attributes.isDirectory()) {
        throw new TlsMaterialException(source, Reason.UNREADABLE, resolved + "is a directory (expected: a regular PEM file)");
      }
      if (!attributes.isRegularFile()) {
        throw new TlsMaterialException(source, Reason.UNREADABLE,
            resolved + "is a FIFO, socket or device, not a regular file (expected: a regular PEM file)");
      }
      if (attributes.size() > TlsMaterialException.MAX_PEM_BYTES) {
        throw tooLarge(source);
      }
      try (InputStream in = Files.newInputStream(target, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
        // The size was checked, but the file may grow between the check and the read.
        byte[] bytes = in.readNBytes(TlsMaterialException.MAX_PEM_BYTES + 1);
        if (bytes.length > TlsMaterialException.MAX_PEM_BYTES) {
          throw tooLarge(source);
        }
        return bytes;
      }
    } catch (NoSuchFileException e) {
      throw new TlsMaterialException(source, Reason.UNREADABLE, "file does not exist", e);
    } catch (IOException e) {
      throw new TlsMaterialException(source, Reason.UNREADABLE, "cannot read file: " + describe(e), e);
    }
  }

  private static TlsMaterialException tooLarge(String source) {
    return new TlsMaterialException(source, Reason.TOO_LARGE,
        "file is larger than " + TlsMaterialException.MAX_PEM_BYTES + " bytes (expected: a PEM file)");
  }

  private static String describe(IOException e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
  }

  /** Splits PEM text into blocks; ISO-8859-1 keeps any byte of a comment from failing the decode. */
  static List<PemObject> blocks(String source, byte[] bytes) {
    if (bytes.length > TlsMaterialException.MAX_PEM_BYTES) {
      throw new TlsMaterialException(source, Reason.TOO_LARGE,
          "PEM text is larger than " + TlsMaterialException.MAX_PEM_BYTES + " bytes (expected: a PEM file)");
    }
    List<PemObject> blocks = new ArrayList<>();
    try (PemReader reader = new PemReader(new StringReader(new String(bytes, StandardCharsets.ISO_8859_1)))) {
      while (true) {
        PemObject block;
        try {
          block = reader.readPemObject();
        } catch (IOException | RuntimeException e) {
          throw new TlsMaterialException(source, Reason.MALFORMED,
              "PEM block " + (blocks.size() + 1) + " is malformed: " + pemProblem(e), e);
        }
        if (block == null) {
          break;
        }
        blocks.add(block);
      }
    } catch (IOException e) {
      throw new AssertionError("closing a StringReader cannot fail", e);
    }
    if (blocks.isEmpty()) {
      throw new TlsMaterialException(source, Reason.NO_PEM_BLOCK, "no PEM block found (expected: -----BEGIN ...-----)");
    }
    return blocks;
  }

  /** PemReader's own messages are terse; say what was wrong in the reader's terms. */
  private static String pemProblem(Exception e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    if (e instanceof IOException && message.contains(" not found")) {
      return "no matching -----END line (truncated?)";
    }
    if (message.toLowerCase(Locale.ROOT).contains("base64")) {
      return "invalid base64";
    }
    return "bad BEGIN line or content";
  }

  /** Decodes every block as a certificate; any other block type is an error. */
  static List<X509Certificate> certificates(String source, byte[] bytes) {
    List<PemObject> blocks = blocks(source, bytes);
    List<X509Certificate> certificates = new ArrayList<>(blocks.size());
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    for (int i = 0; i < blocks.size(); i++) {
      PemObject block = blocks.get(i);
      String type = block.getType();
      if (!type.equals(CERTIFICATE) && !type.equals(X509_CERTIFICATE)) {
        throw new TlsMaterialException(source, Reason.WRONG_BLOCK_TYPE,
            "PEM block " + (i + 1) + " is " + quoteType(type) + " (expected: CERTIFICATE)");
      }
      try {
        certificates.add(converter.getCertificate(new X509CertificateHolder(block.getContent())));
      } catch (IOException | CertificateException | RuntimeException e) {
        throw new TlsMaterialException(source, Reason.MALFORMED,
            "PEM block " + (i + 1) + " (CERTIFICATE) is not a valid X.509 certificate", e);
      }
    }
    return certificates;
  }

  /**
   * Decodes the one private key of a key file. An {@code EC PARAMETERS} block may precede it, as
   * {@code openssl ecparam -genkey} writes; a SEC1 key without its curve takes the curve from that
   * block, else from {@code certificateKey} (the certificate the key belongs to), if given.
   */
  static PrivateKey privateKey(
      String source, byte[] bytes, char[] password, SubjectPublicKeyInfo certificateKey) {
    List<PemObject> blocks = blocks(source, bytes);
    ASN1Encodable curve = null;
    PemObject keyBlock = null;
    int keyIndex = 0;
    for (int i = 0; i < blocks.size(); i++) {
      PemObject block = blocks.get(i);
      String type = block.getType();
      if (type.equals(EC_PARAMETERS) && keyBlock == null) {
        curve = decodeCurve(source, i + 1, block.getContent());
      } else if (type.equals(DSA_PRIVATE_KEY)) {
        throw new TlsMaterialException(source, Reason.UNSUPPORTED_KEY,
            "PEM block " + (i + 1) + " is " + quoteType(type) + ": unsupported key type DSA"
                + " (expected: an RSA, EC or EdDSA private key)");
      } else if (!isKeyType(type)) {
        throw new TlsMaterialException(source, isUnsupportedKeyType(type) ? Reason.UNSUPPORTED_KEY : Reason.WRONG_BLOCK_TYPE,
            "PEM block " + (i + 1) + " is " + quoteType(type)
                + (isUnsupportedKeyType(type) ? ", a key format not supported" + UNSUPPORTED_HINT
                    : " (expected: a private key)"));
      } else if (keyBlock != null) {
        throw new TlsMaterialException(source, Reason.WRONG_BLOCK_TYPE,
            "PEM block " + (i + 1) + " is a second private key (expected: exactly one)");
      } else {
        keyBlock = block;
        keyIndex = i + 1;
      }
    }
    if (keyBlock == null) {
      throw new TlsMaterialException(source, Reason.WRONG_BLOCK_TYPE, "no private key block (expected: a private key)");
    }
    if (curve == null && certificateKey != null
        && certificateKey.getAlgorithm().getAlgorithm().equals(X9ObjectIdentifiers.id_ecPublicKey)) {
      curve = certificateKey.getAlgorithm().getParameters();
    }
    PrivateKeyInfo info = keyInfo(source, keyIndex, keyBlock, password, curve);
    try {
      return new JcaPEMKeyConverter().getPrivateKey(info);
    } catch (IOException | RuntimeException e) {
      throw new TlsMaterialException(source, Reason.UNSUPPORTED_KEY,
          "PEM block " + keyIndex + " (" + keyBlock.getType() + ") holds a key of algorithm "
              + info.getPrivateKeyAlgorithm().getAlgorithm().getId() + " that cannot be loaded" + UNSUPPORTED_HINT, e);
    }
  }

  private static boolean isKeyType(String type) {
    return type.equals(PRIVATE_KEY) || type.equals(ENCRYPTED_PRIVATE_KEY)
        || type.equals(RSA_PRIVATE_KEY) || type.equals(EC_PRIVATE_KEY);
  }

  private static boolean isUnsupportedKeyType(String type) {
    return type.endsWith("PRIVATE KEY");
  }

  private static ASN1Encodable decodeCurve(String source, int index, byte[] content) {
    try {
      return ASN1Primitive.fromByteArray(content);
    } catch (IOException | RuntimeException e) {
      throw new TlsMaterialException(source, Reason.MALFORMED,
          "PEM block " + index + " (EC PARAMETERS) is not valid DER", e);
    }
  }

  private static PrivateKeyInfo keyInfo(
      String source, int index, PemObject block, char[] password, ASN1Encodable curve) {
    String type = block.getType();
    String where = "PEM block " + index + " (" + type + ")";
    byte[] der = block.getContent();
    if (type.equals(ENCRYPTED_PRIVATE_KEY)) {
      return decryptPkcs8(source, where, der, password);
    }
    if (isLegacyEncrypted(block)) {
      der = decryptLegacy(source, where, block, password);
    }
    try {
      switch (type) {
        case PRIVATE_KEY:
          return PrivateKeyInfo.getInstance(der);
        case RSA_PRIVATE_KEY:
          return new PrivateKeyInfo(
              new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
              RSAPrivateKey.getInstance(der));
        default: // EC PRIVATE KEY
          ECPrivateKey ec = ECPrivateKey.getInstance(der);
          ASN1Encodable parameters = ec.getParametersObject() != null ? ec.getParametersObject() : curve;
          if (parameters == null) {
            throw new TlsMaterialException(source, Reason.MALFORMED,
                where + " names no curve (expected: the curve in the key, an EC PARAMETERS block, or the key's certificate)");
          }
          return new PrivateKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, parameters), ec);
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof TlsMaterialException tme) {
        throw tme;
      }
      throw new TlsMaterialException(source, isLegacyEncrypted(block) ? Reason.WRONG_PASSWORD : Reason.MALFORMED,
          isLegacyEncrypted(block) ? where + " cannot be decrypted with the password given"
              : where + " is not a valid " + describeKeyType(type), e);
    }
  }

  private static String describeKeyType(String type) {
    switch (type) {
      case RSA_PRIVATE_KEY:
        return "PKCS#1 RSA private key";
      case EC_PRIVATE_KEY:
        return "SEC1 EC private key";
      default:
        return "PKCS#8 private key";
    }
  }

  private static boolean isLegacyEncrypted(PemObject block) {
    for (Object header : block.getHeaders()) {
      PemHeader h = (PemHeader) header;
      if (h.getName().equals("Proc-Type") && h.getValue().contains("ENCRYPTED")) {
        return true;
      }
    }
    return false;
  }

  private static PrivateKeyInfo decryptPkcs8(String source, String where, byte[] der, char[] password) {
    requirePassword(source, where, password);
    PKCS8EncryptedPrivateKeyInfo encrypted;
    try {
      encrypted = new PKCS8EncryptedPrivateKeyInfo(der);
    } catch (IOException | RuntimeException e) {
      throw new TlsMaterialException(source, Reason.MALFORMED, where + " is not a valid encrypted PKCS#8 private key", e);
    }
    InputDecryptorProvider decryptor;
    try {
      decryptor = new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BouncyCastle.provider()).build(password);
    } catch (Exception e) {
      throw new TlsMaterialException(source, Reason.UNSUPPORTED_KEY, where + " uses an unsupported encryption", e);
    }
    try {
      return encrypted.decryptPrivateKeyInfo(decryptor);
    } catch (Exception e) {
      // A wrong password shows up as a padding error or as garbage that is not a PrivateKeyInfo.
      throw new TlsMaterialException(source, Reason.WRONG_PASSWORD, where + " cannot be decrypted with the password given", e);
    }
  }

  private static byte[] decryptLegacy(String source, String where, PemObject block, char[] password) {
    requirePassword(source, where, password);
    String dekInfo = null;
    for (Object header : block.getHeaders()) {
      PemHeader h = (PemHeader) header;
      if (h.getName().equals("DEK-Info")) {
        dekInfo = h.getValue();
      }
    }
    int comma = dekInfo == null ? -1 : dekInfo.indexOf(',');
    if (comma < 0) {
      throw new TlsMaterialException(source, Reason.MALFORMED, where + " is encrypted but has no valid DEK-Info header");
    }
    String algorithm = dekInfo.substring(0, comma).trim();
    PEMDecryptor decryptor;
    byte[] iv;
    try {
      iv = Hex.decode(dekInfo.substring(comma + 1).trim());
      decryptor = new JcePEMDecryptorProviderBuilder().setProvider(BouncyCastle.provider()).build(password).get(algorithm);
    } catch (Exception e) {
      throw new TlsMaterialException(source, Reason.MALFORMED, where + " has an unusable DEK-Info header", e);
    }
    try {
      return decryptor.decrypt(block.getContent(), iv);
    } catch (Exception e) {
      throw new TlsMaterialException(source, Reason.WRONG_PASSWORD, where + " cannot be decrypted with the password given", e);
    }
  }

  private static void requirePassword(String source, String where, char[] password) {
    if (password.length == 0) {
      throw new TlsMaterialException(source, Reason.PASSWORD_REQUIRED, where + " is encrypted and no password was given");
    }
  }

  /** Quotes a block type for a message, bounded and with control characters escaped. */
  static String quoteType(String type) {
    String shown = type.length() > 64 ? type.substring(0, 64) + "..." : type;
    StringBuilder out = new StringBuilder(shown.length() + 2).append('"');
    for (int i = 0; i < shown.length(); i++) {
      char c = shown.charAt(i);
      out.append(c < 0x20 || c >= 0x7f ? '?' : c);
    }
    return out.append('"').toString();
  }
}
