package dev.meshgate.testkit;

/** The key algorithms the {@link TestCa} can issue certificates for. */
public enum KeyType {
  /** ECDSA on NIST P-256, Consul's default. Fast to generate. */
  EC_P256,
  /** RSA with a 2048-bit modulus. Slow to generate (tens to hundreds of milliseconds). */
  RSA_2048,
  /** Ed25519. */
  ED25519
}
