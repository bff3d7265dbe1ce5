package dev.meshgate.testkit;

/**
 * The PEM encodings of a private key that {@link IssuedCertificate#privateKeyPem(KeyFormat, char[])}
 * writes: every form the loader accepts. Formats that hold only one key type say so.
 */
public enum KeyFormat {
  /** {@code PRIVATE KEY}: unencrypted PKCS#8, any key type. */
  PKCS8,
  /** {@code ENCRYPTED PRIVATE KEY}: PKCS#8 under PBES2 (PBKDF2, AES-256-CBC); needs a password. */
  PKCS8_ENCRYPTED,
  /** {@code RSA PRIVATE KEY}: PKCS#1, RSA only. */
  PKCS1,
  /** {@code EC PRIVATE KEY}: SEC1 with the curve in the key's parameters field, as OpenSSL writes it; EC only. */
  SEC1,
  /** {@code EC PRIVATE KEY}: SEC1 without the curve; the loader takes it from the certificate. EC only. */
  SEC1_WITHOUT_PARAMETERS,
  /** An {@code EC PARAMETERS} block followed by a SEC1 key without the curve, as {@code openssl ecparam -genkey} writes; EC only. */
  SEC1_AFTER_PARAMETERS_BLOCK,
  /** PKCS#1 (RSA) or SEC1 (EC) with OpenSSL's {@code Proc-Type}/{@code DEK-Info} headers, AES-256-CBC; needs a password. */
  LEGACY_ENCRYPTED
}
