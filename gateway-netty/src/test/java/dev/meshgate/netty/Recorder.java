package dev.meshgate.netty;

import dev.meshgate.core.catalog.Endpoint;
import dev.meshgate.core.intentions.Decision;
import dev.meshgate.core.intentions.DestinationService;
import dev.meshgate.core.intentions.SourceIdentity;
import io.netty.channel.Channel;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Records the connection events as lines, intention decisions as {@code source => destination:
 * allowed} lines, and the summaries and backend channels as objects.
 */
class Recorder implements GatewayObserver {
  final List<String> events = new CopyOnWriteArrayList<>();
  final List<String> decisions = new CopyOnWriteArrayList<>();
  final List<RequestSummary> requests = new CopyOnWriteArrayList<>();
  final BlockingQueue<ConnectionSummary> summaries = new LinkedBlockingQueue<>();
  final BlockingQueue<Channel> backends = new LinkedBlockingQueue<>();

  @Override
  public void routed(Channel client, String serverName, String destination) {
    events.add("routed " + serverName + " -> " + destination);
  }

  @Override
  public void rejected(Channel client, String serverName, String reason) {
    events.add("rejected " + serverName + ": " + reason);
  }

  @Override
  public void endpointFailed(Channel client, Endpoint endpoint, Throwable cause) {
    events.add("failed " + endpoint.port());
  }

  @Override
  public void endpointConnected(Channel client, Channel backend, Endpoint endpoint) {
    events.add("connected " + endpoint.port());
    backends.add(backend);
  }

  @Override
  public void intentionDecided(Channel client, SourceIdentity source, DestinationService destination,
      Decision decision) {
    decisions.add(source.name() + " => " + destination.name() + ": " + decision.allowed());
  }

  @Override
  public void requestCompleted(Channel client, RequestSummary summary) {
    requests.add(summary);
  }

  @Override
  public void closed(Channel client, ConnectionSummary summary) {
    summaries.add(summary);
  }

  /** Waits for the one summary of a connection; a missing summary fails the test. */
  ConnectionSummary summary() throws InterruptedException {
    ConnectionSummary s = summaries.poll(10, TimeUnit.SECONDS);
    if (s == null) {
      throw new AssertionError("no connection summary; events: " + events);
    }
    return s;
  }
}
