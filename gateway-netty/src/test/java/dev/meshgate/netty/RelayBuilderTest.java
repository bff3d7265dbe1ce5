package dev.meshgate.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meshgate.core.catalog.Catalog;
import dev.meshgate.core.intentions.DefaultPolicy;
import dev.meshgate.core.intentions.IntentionSet;
import dev.meshgate.core.naming.TrustDomain;
import dev.meshgate.core.terminating.TerminatingGateway;
import dev.meshgate.core.terminating.TerminatingGatewayEntry;
import dev.meshgate.testkit.TestCa;
import dev.meshgate.tls.TerminatingGatewayTls;
import dev.meshgate.tls.TlsContexts;
import dev.meshgate.tls.TrustBundle;
import dev.meshgate.core.mesh.Route;
import dev.meshgate.core.routing.SniDecision;
import dev.meshgate.core.routing.SniRouter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The builders' settings, defaults and error messages. */
class RelayBuilderTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    Relay relay = Relay.defaults();
    assertEquals(Duration.ofSeconds(5), relay.connectTimeout());
    assertEquals(Duration.ofHours(1), relay.idleTimeout());
    assertEquals(64 * 1024, relay.writeBufferHighWaterMark());
    assertEquals(32 * 1024, relay.writeBufferLowWaterMark());
    assertEquals(GatewayObserver.noop(), relay.observer());
    assertEquals("Relay{connectTimeout=PT5S, idleTimeout=PT1H, writeBufferWaterMark=32768..65536,"
        + " channelType=NioSocketChannel}", relay.toString());
  }

  @Test
  void outOfRangeSettingsAreRefusedNamingTheSettingAndTheRange() {
    assertEquals("connectTimeout: PT0S (expected: PT0.001S..PT1H)", assertThrows(IllegalArgumentException.class,
        () -> Relay.builder().connectTimeout(Duration.ZERO)).getMessage());
    assertEquals("idleTimeout: PT48H (expected: PT0.001S..PT24H)", assertThrows(IllegalArgumentException.class,
        () -> Relay.builder().idleTimeout(Duration.ofDays(2))).getMessage());
    assertEquals("writeBufferWaterMark.high: 0 (expected: 1..16777216)", assertThrows(
        IllegalArgumentException.class, () -> Relay.builder().writeBufferWaterMark(0, 0)).getMessage());
    assertEquals("writeBufferWaterMark.low: 9 (expected: 1..8, the high mark)", assertThrows(
        IllegalArgumentException.class, () -> Relay.builder().writeBufferWaterMark(9, 8)).getMessage());
  }

  @Test
  void eachSettingMayBeSetOnce() {
    assertEquals("connectTimeout was already set to PT1S", assertThrows(IllegalStateException.class,
        () -> Relay.builder().connectTimeout(Duration.ofSeconds(1)).connectTimeout(Duration.ofSeconds(2)))
        .getMessage());
    assertEquals("writeBufferWaterMark was already set to 1..2", assertThrows(IllegalStateException.class,
        () -> Relay.builder().writeBufferWaterMark(1, 2).writeBufferWaterMark(1, 2)).getMessage());
  }

  @Test
  void theWaterMarksSetAreTheOnesUsed() {
    Relay relay = Relay.builder().writeBufferWaterMark(1024, 4096).build();
    assertEquals(1024, relay.writeBufferLowWaterMark());
    assertEquals(4096, relay.writeBufferHighWaterMark());
  }

  @Test
  void aTerminatingFlowWithoutADefaultPolicyOrIntentionsIsRefusedRatherThanGuessed() {
    TrustDomain td = TrustDomain.fromClusterId("11111111-2222-3333-4444-555555555555");
    TestCa ca = TestCa.forTrustDomain(td);
    try (TerminatingGateway gw = TerminatingGateway.builder().name("tgw").datacenter("dc1").trustDomain(td)
            .catalog(new Catalog()).entry(TerminatingGatewayEntry.builder("tgw").service("api").build()).build();
        TerminatingGatewayTls tls = TerminatingGatewayTls.follow(gw, TlsContexts.builder().build(),
            TrustBundle.of(ca.name(), List.of(ca.root())), id -> {
              throw new IllegalStateException("no leaf");
            })) {
      assertEquals("defaultPolicy: not set (expected: ALLOW or DENY, Consul's default_intention_policy)",
          assertThrows(IllegalStateException.class, () -> TerminatingGatewayInitializer.builder(gw, tls)
              .intentions(() -> IntentionSet.builder().build()).build()).getMessage());
      assertEquals("intentions: not set (expected: the intentions to decide callers by)",
          assertThrows(IllegalStateException.class, () -> TerminatingGatewayInitializer.builder(gw, tls)
              .defaultPolicy(DefaultPolicy.DENY).build()).getMessage());
      assertEquals(DefaultPolicy.ALLOW, TerminatingGatewayInitializer.builder(gw, tls)
          .intentions(() -> IntentionSet.builder().build()).defaultPolicy(DefaultPolicy.ALLOW).build()
          .defaultPolicy());
    }
  }

  @Test
  void aMeshFlowSettingMayBeSetOnce() {
    assertEquals("relay was already set to " + Relay.defaults(), assertThrows(IllegalStateException.class,
        () -> MeshGatewayInitializer.builder(noRoutes()).relay(Relay.defaults()).relay(Relay.defaults()))
        .getMessage());
  }

  private static SniRouter<Route> noRoutes() {
    return new SniRouter<>() {
      @Override
      public SniDecision<Route> route(CharSequence sni) {
        return SniDecision.unknownSni();
      }

      @Override
      public SniDecision<Route> route(byte[] ascii, int offset, int length) {
        return SniDecision.unknownSni();
      }
    };
  }
}
