package dev.meshgate.examples.gateway;

import dev.meshgate.core.catalog.Endpoint;
import dev.meshgate.core.intentions.Decision;
import dev.meshgate.core.intentions.DestinationService;
import dev.meshgate.core.intentions.SourceIdentity;
import dev.meshgate.netty.ConnectionSummary;
import dev.meshgate.netty.GatewayObserver;
import dev.meshgate.netty.RequestSummary;
import io.netty.channel.Channel;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's counters, fed by the flows' observer events and by config reloads; read by the
 * admin endpoint as JSON ({@code /stats}) and in Prometheus' text format ({@code /metrics}).
 * Labels take only bounded values: a rejection's reason is its upper-case code ({@code
 * UNKNOWN_SNI}, ...) or {@code OTHER} (an intention's explanation goes to the DEBUG log instead).
 * Every event is passed on to a second observer (the demo prints them).
 */
final class Stats implements GatewayObserver {
  private static final Logger LOG = LoggerFactory.getLogger(Stats.class);

  private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
  private final GatewayObserver also;

  /** Counts, and passes every event on to {@code also}. */
  Stats(GatewayObserver also) {
    this.also = also;
  }

  private void add(String name, long delta) {
    counters.computeIfAbsent(name, n -> new LongAdder()).add(delta);
  }

  void increment(String name) {
    add(name, 1);
  }

  /** The counters by Prometheus series name, e.g. {@code meshgate_connections_rejected_total{reason="NO_SNI"}}. */
  Map<String, Long> snapshot() {
    Map<String, Long> out = new TreeMap<>();
    counters.forEach((name, value) -> out.put(name, value.sum()));
    return out;
  }

  /** Prometheus' text exposition format, one {@code # TYPE} line per metric. */
  String prometheus() {
    StringBuilder b = new StringBuilder();
    String lastMetric = "";
    for (Map.Entry<String, Long> e : snapshot().entrySet()) {
      String name = e.getKey();
      int brace = name.indexOf('{');
      String metric = brace < 0 ? name : name.substring(0, brace);
      if (!metric.equals(lastMetric)) {
        b.append("# TYPE ").append(metric).append(metric.endsWith("_total") ? " counter\n" : " gauge\n");
        lastMetric = metric;
      }
      b.append(name).append(' ').append(e.getValue()).append('\n');
    }
    return b.toString();
  }

  private static String code(String reason) {
    return !reason.isEmpty() && reason.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || c == '_') ? reason : "OTHER";
  }

  @Override
  public void routed(Channel client, String serverName, String destination) {
    increment("meshgate_connections_routed_total");
    also.routed(client, serverName, destination);
  }

  @Override
  public void intentionDecided(Channel client, SourceIdentity source, DestinationService destination,
      Decision decision) {
    increment("meshgate_intention_decisions_total{decision=\"" + (decision.allowed() ? "allow" : "deny") + "\"}");
    also.intentionDecided(client, source, destination, decision);
  }

  @Override
  public void rejected(Channel client, String serverName, String reason) {
    increment("meshgate_connections_rejected_total{reason=\"" + code(reason) + "\"}");
    LOG.debug("{} (SNI \"{}\") rejected: {}", client.remoteAddress(), serverName, reason);
    also.rejected(client, serverName, reason);
  }

  @Override
  public void endpointFailed(Channel client, Endpoint endpoint, Throwable cause) {
    increment("meshgate_endpoint_failures_total");
    also.endpointFailed(client, endpoint, cause);
  }

  @Override
  public void endpointConnected(Channel client, Channel backend, Endpoint endpoint) {
    also.endpointConnected(client, backend, endpoint);
  }

  @Override
  public void closed(Channel client, ConnectionSummary summary) {
    increment("meshgate_connections_closed_total{reason=\"" + summary.reason() + "\"}");
    add("meshgate_bytes_from_clients_total", summary.bytesFromClient());
    add("meshgate_bytes_to_clients_total", summary.bytesToClient());
    also.closed(client, summary);
  }

  @Override
  public void requestCompleted(Channel client, RequestSummary summary) {
    increment("meshgate_requests_total{status=\"" + summary.status() + "\"}");
    add("meshgate_bytes_from_clients_total", summary.requestBytes());
    add("meshgate_bytes_to_clients_total", summary.responseBytes());
    also.requestCompleted(client, summary);
  }
}
