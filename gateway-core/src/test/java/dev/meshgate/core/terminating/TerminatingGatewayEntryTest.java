package dev.meshgate.core.terminating;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.config.InvalidConfigEntryException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TerminatingGatewayEntryTest {
  private static InvalidConfigEntryException invalid(TerminatingGatewayEntry.Builder builder) {
    return assertThrows(InvalidConfigEntryException.class, builder::build);
  }

  @Test
  void normalizesNamespacesAndPartitionsIntoTheLinks() {
    TerminatingGatewayEntry e = TerminatingGatewayEntry.builder("tgw").namespace("ns1").partition("p1")
        .services(LinkedService.of("api"), LinkedService.builder("db").namespace("ns2").build()).build();
    assertEquals(new ServiceName("tgw", "ns1", "p1"), e.gateway());
    assertEquals(new ServiceName("api", "ns1", "p1"), e.services().get(0).serviceName());
    assertEquals(new ServiceName("db", "ns2", "p1"), e.services().get(1).serviceName());
    TerminatingGatewayEntry plain = TerminatingGatewayEntry.builder("tgw").service("api").build();
    assertEquals(ServiceName.of("api"), plain.services().get(0).serviceName());
  }

  @Test
  void reportsEveryProblemAtOnceWithConsulsFirstErrorFirst() {
    Map<String, String> meta = new HashMap<>();
    for (int i = 0; i < 65; i++) {
      meta.put("k" + i, "v");
    }
    InvalidConfigEntryException e = invalid(TerminatingGatewayEntry.builder("tgw").meta(meta).services(
        LinkedService.of(""),
        LinkedService.builder("web").certFile("/c.crt").sni("bad_name").build(),
        LinkedService.of("Web"),
        LinkedService.builder("db").namespace("*").build(),
        LinkedService.builder("x").partition("p2").build()));
    assertEquals(List.of(
        "Meta exceeds maximum element count 64",
        "Service name cannot be blank.",
        "Service \"web\" must have a CertFile, CAFile, and KeyFile specified for TLS origination",
        "Service \"Web\" was specified more than once within a namespace",
        "Wildcard namespace is not supported for terminating gateway services",
        "service \"p2/default/x\": partition \"p2\" does not match the config entry's partition \"default\"",
        "Service \"web\" SNI \"bad_name\" is not a valid host name: it contains '_' at index 3 (expected: letters,"
            + " digits, '-' and '.')"),
        e.errors());
    assertEquals("terminating-gateway", e.kind());
    assertEquals("Meta exceeds maximum element count 64", e.firstError());
  }

  @Test
  void requiresAName() {
    assertEquals(List.of("Name is required"), invalid(TerminatingGatewayEntry.builder("")).errors());
  }

  @Test
  void theWildcardMayAppearOncePerNamespace() {
    TerminatingGatewayEntry.builder("tgw").services(LinkedService.of("*"),
        LinkedService.builder("*").namespace("ns2").build()).build();
    assertEquals(List.of("Service \"*\" was specified more than once within a namespace"),
        invalid(TerminatingGatewayEntry.builder("tgw").services(LinkedService.of("*"), LinkedService.of("*")))
            .errors());
  }

  @Test
  void namesServicesOutsideTheDefaultNamespaceByTheirFullName() {
    assertEquals(List.of("Service \"default/ns1/api\" was specified more than once within a namespace"),
        invalid(TerminatingGatewayEntry.builder("tgw").namespace("ns1")
            .services(LinkedService.of("api"), LinkedService.of("api"))).errors());
  }

  @Test
  void checksWhatConsulLeavesToEnvoyAfterConsulsOwnChecks() {
    InvalidConfigEntryException e = invalid(TerminatingGatewayEntry.builder("tgw").services(
        LinkedService.builder("a").caFile("  ").sni("10.0.0.1").build(),
        LinkedService.builder("b").caFile("/ca\u0000.pem").sni("b.example.").build(),
        LinkedService.builder("c").caFile(" /ca.pem").build(),
        LinkedService.builder("d").subsetTls("V1", new TlsSettings("", "/c.crt", "", "")).build()));
    assertEquals(List.of(
        "Service \"a\" CAFile \"  \" is not a usable path: it is blank",
        "Service \"a\" SNI \"10.0.0.1\" is not a valid host name: it is an IP address, which SNI cannot carry",
        "Service \"b\" CAFile \"/ca\\x00.pem\" is not a usable path: it contains a control character at index 3",
        "Service \"b\" SNI \"b.example.\" is not a valid host name: it ends with '.'",
        "Service \"c\" CAFile \" /ca.pem\" is not a usable path: it starts or ends with white space",
        "Service \"d\" subset \"V1\" is not a valid subset name: must be 63 characters or fewer, begin or end with"
            + " lower case alphanumeric characters, and contain lower case alphanumeric characters or '-' in between",
        "Service \"d\" subset \"V1\" must have a CertFile, CAFile, and KeyFile specified for TLS origination"),
        e.errors());
  }

  @Test
  void warnsConsulsWarningFirstThenMeshgates() {
    TerminatingGatewayEntry e = TerminatingGatewayEntry.builder("tgw").services(
        LinkedService.builder("web").caFile("certs/ca.pem")
            .subsetTls("v2", TlsSettings.oneWay("/etc/ca2.pem", "")).build(),
        LinkedService.builder("api").sni("api.example.com").build(),
        LinkedService.builder("db").caFile("/etc/ca.pem").build()).build();
    assertEquals(List.of(
        "TLS is configured but SNI is not set for service \"web\". Enabling SNI is strongly recommended when using"
            + " TLS.",
        "TLS is configured but SNI is not set for service \"db\". Enabling SNI is strongly recommended when using TLS.",
        "TLS is configured but SNI is not set for service \"web\" subset \"v2\". Enabling SNI is strongly"
            + " recommended when using TLS.",
        "Service \"web\" CAFile \"certs/ca.pem\" is a relative path: it resolves against the gateway process's"
            + " working directory.",
        "SNI is set but TLS is not configured for service \"api\": without a CAFile the gateway connects in"
            + " plaintext and the SNI is not used."),
        e.warnings());
  }

  @Test
  void buildersAcceptEachSettingOnce() {
    LinkedService.Builder link = LinkedService.builder("web").caFile("/a");
    assertEquals("CAFile was already set to \"/a\"",
        assertThrows(IllegalStateException.class, () -> link.caFile("/b")).getMessage());
    link.subsetTls("v1", TlsSettings.NONE);
    assertEquals("TLS of subset \"v1\" was already set to " + TlsSettings.NONE,
        assertThrows(IllegalStateException.class, () -> link.subsetTls("v1", TlsSettings.NONE)).getMessage());
    TerminatingGatewayEntry.Builder entry = TerminatingGatewayEntry.builder("tgw").partition("p1");
    assertEquals("partition was already set to \"p1\"",
        assertThrows(IllegalStateException.class, () -> entry.partition("p2")).getMessage());
  }

  @Test
  void subsetsWithoutTheirOwnSettingsUseTheService() {
    LinkedService link = LinkedService.builder("web").caFile("/ca.pem").sni("web.example.com")
        .subsetTls("v2", TlsSettings.oneWay("/ca2.pem", "v2.example.com")).build();
    assertEquals(TlsSettings.oneWay("/ca2.pem", "v2.example.com"), link.tlsFor("v2"));
    assertEquals(TlsSettings.oneWay("/ca.pem", "web.example.com"), link.tlsFor("v1"));
  }
}
