package dev.meshgate.netty;

import dev.meshgate.core.catalog.Endpoint;
import io.netty.channel.Channel;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Records every observer call as a line, and the summaries and backend channels as objects. */
class Recorder implements GatewayObserver {
  final List<String> events = new CopyOnWriteArrayList<>();
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
