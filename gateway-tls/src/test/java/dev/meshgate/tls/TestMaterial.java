package dev.meshgate.tls;

import dev.meshgate.testkit.IssuedCertificate;
import dev.meshgate.testkit.TestCa;
import java.util.List;

/** The test kit's certificates as this module's checked material. */
public final class TestMaterial {
  private TestMaterial() {}

  /** The certificate's chain and private key, labelled with its subject. */
  public static KeyMaterial key(IssuedCertificate issued) {
    return KeyMaterial.of(issued.subject(), issued.chain(), issued.keyPair().getPrivate());
  }

  /** The CA's root alone, labelled with its name. */
  public static TrustBundle roots(TestCa ca) {
    return TrustBundle.of(ca.name(), List.of(ca.root()));
  }
}
