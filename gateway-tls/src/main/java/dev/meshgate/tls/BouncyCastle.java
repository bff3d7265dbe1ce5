package dev.meshgate.tls;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/*
 * BouncyCastle's PEM encryption and decryption ask for cipher names the JDK's providers do not
 * know (e.g. "AES/CBC/PKCS7Padding"), so encrypted keys need a BouncyCastle provider. It is
 * handed to the decryptor builders directly and never registered with java.security.Security:
 * the JVM's provider list stays as the embedder configured it. The instance is created on first
 * use (only encrypted keys need it) and is a constant after that: a provider's algorithm table is
 * fixed at construction and no reference escapes this package.
 */

/** Holds the BouncyCastle provider used for encrypted keys, created on first use. */
final class BouncyCastle {
  private BouncyCastle() {}

  private static final class Holder {
    static final Provider PROVIDER = new BouncyCastleProvider();
  }

  static Provider provider() {
    return Holder.PROVIDER;
  }
}
