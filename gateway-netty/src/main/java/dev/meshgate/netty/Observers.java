package dev.meshgate.netty;

import dev.meshgate.core.catalog.Endpoint;
import dev.meshgate.core.intentions.Decision;
import dev.meshgate.core.intentions.DestinationService;
import dev.meshgate.core.intentions.SourceIdentity;
import io.netty.channel.Channel;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;

/**
 * Calls a {@link GatewayObserver} so that its failures never change a connection's fate: each
 * exception is logged at DEBUG and swallowed. Immutable and thread-safe if the observer is.
 */
final class Observers {
  static final GatewayObserver NOOP = new GatewayObserver() {};
  private static final InternalLogger LOG = InternalLoggerFactory.getInstance(GatewayObserver.class);

  private Observers() {}

  static void routed(GatewayObserver o, Channel client, String serverName, String destination) {
    try {
      o.routed(client, serverName, destination);
    } catch (RuntimeException e) {
      LOG.debug("{}: observer failed in routed", client, e);
    }
  }

  static void rejected(GatewayObserver o, Channel client, String serverName, String reason) {
    try {
      o.rejected(client, serverName, reason);
    } catch (RuntimeException e) {
      LOG.debug("{}: observer failed in rejected", client, e);
    }
  }

  static void intentionDecided(GatewayObserver o, Channel client, SourceIdentity source,
      DestinationService destination, Decision decision) {
    try {
      o.intentionDecided(client, source, destination, decision);
    } catch (RuntimeException e) {
      LOG.debug("{}: observer failed in intentionDecided", client, e);
    }
  }

  static void endpointFailed(GatewayObserver o, Channel client, Endpoint endpoint, Throwable cause) {
    try {
      o.endpointFailed(client, endpoint, cause);
    } catch (RuntimeException e) {
      LOG.debug("{}: observer failed in endpointFailed", client, e);
    }
  }

  static void endpointConnected(GatewayObserver o, Channel client, Channel backend, Endpoint endpoint) {
    try {
      o.endpointConnected(client, backend, endpoint);
    } catch (RuntimeException e) {
      LOG.debug("{}: observer failed in endpointConnected", client, e);
    }
  }

  static void closed(GatewayObserver o, Channel client, ConnectionSummary summary) {
    try {
      o.closed(client, summary);
    } catch (RuntimeException e) {
      LOG.debug("{}: observer failed in closed", client, e);
    }
  }

  static void requestCompleted(GatewayObserver o, Channel client, RequestSummary summary) {
    try {
      o.requestCompleted(client, summary);
    } catch (RuntimeException e) {
      LOG.debug("{}: observer failed in requestCompleted", client, e);
    }
  }
}
