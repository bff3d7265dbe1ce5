package dev.meshgate.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meshgate.core.ingress.GatewayTls;
import java.util.List;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;

/** How an ingress listener's TLS settings become a server context's versions and certificate. */
class DownstreamTlsTest {
  @Test
  void unsetVersionsAreTls12To13AndConsulsNamesMapToTheJdks() throws Exception {
    assertEquals(List.of("TLSv1.2", "TLSv1.3"), DownstreamTls.protocols("", ""));
    assertEquals(List.of("TLSv1.2", "TLSv1.3"), DownstreamTls.protocols("TLS_AUTO", "TLS_AUTO"));
    assertEquals(List.of("TLSv1.3"), DownstreamTls.protocols("TLSv1_3", ""));
    assertEquals(List.of("TLSv1", "TLSv1.1", "TLSv1.2"), DownstreamTls.protocols("TLSv1_0", "TLSv1_2"));
  }

  @Test
  void anInvertedOrUnknownVersionIsRefusedNamingTheField() {
    assertEquals("TLSMinVersion TLSv1_3 is above TLSMaxVersion TLSv1_2",
        assertThrows(SSLException.class, () -> DownstreamTls.protocols("TLSv1_3", "TLSv1_2")).getMessage());
    assertEquals("TLSMaxVersion: unknown version TLSv9",
        assertThrows(SSLException.class, () -> DownstreamTls.protocols("", "TLSv9")).getMessage());
  }

  @Test
  void aCertificateNobodySuppliedFailsInsteadOfFallingBack() {
    DownstreamTls none = new DownstreamTls(null, sds -> null);
    SSLException sds = assertThrows(SSLException.class,
        () -> none.context(GatewayTls.builder().sds("files", "web-cert").build(), true));
    assertEquals("no certificate for SDS certificate resource \"web-cert\" of cluster \"files\""
        + " (set IngressGatewayInitializer.Builder.sdsCertificates)", sds.getMessage());
    SSLException enabled = assertThrows(SSLException.class,
        () -> none.context(GatewayTls.builder().enabled(true).build(), true));
    assertEquals("TLS.Enabled but no gateway certificate (set IngressGatewayInitializer.Builder.gatewayCertificate)",
        enabled.getMessage());
  }
}
