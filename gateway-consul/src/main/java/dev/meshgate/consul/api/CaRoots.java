package dev.meshgate.consul.api;

import dev.meshgate.tls.TrustBundle;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The Connect CA's roots, as {@code /v1/agent/connect/ca/roots} answers: every root a peer's
 * certificate may chain to (during a rotation, old and new), which one is active, and the trust
 * domain. Immutable.
 *
 * @param activeRootId the ID of the active root
 * @param trustDomain the cluster's SPIFFE trust domain, e.g. {@code 7f3b...consul}
 * @param roots every root, in Consul's order
 */
public record CaRoots(String activeRootId, String trustDomain, List<CaRoot> roots) {
  /**
   * Checks for nulls and copies the roots.
   *
   * @param activeRootId the active root's ID
   * @param trustDomain the trust domain
   * @param roots the roots
   */
  public CaRoots {
    Objects.requireNonNull(activeRootId, "activeRootId");
    Objects.requireNonNull(trustDomain, "trustDomain");
    roots = List.copyOf(roots);
  }

  /**
   * Returns the active root.
   *
   * @return the root whose ID is {@link #activeRootId()}, or empty when none is
   */
  public Optional<CaRoot> activeRoot() {
    for (CaRoot r : roots) {
      if (r.id().equals(activeRootId)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  /**
   * Parses every root certificate into one trust bundle: peers are trusted when they chain to any
   * listed root, so that a rotation does not break connections signed by the previous root.
   *
   * @return the bundle, labelled {@code consul CA roots}
   * @throws dev.meshgate.tls.TlsMaterialException if a root is not a PEM certificate
   */
  public TrustBundle trustBundle() {
    StringBuilder pem = new StringBuilder();
    for (CaRoot r : roots) {
      pem.append(r.rootCertPem());
      if (!r.rootCertPem().endsWith("\n")) {
        pem.append('\n');
      }
    }
    return TrustBundle.parse("consul CA roots", pem.toString());
  }
}
