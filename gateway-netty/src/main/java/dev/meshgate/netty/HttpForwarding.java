package dev.meshgate.netty;

import dev.meshgate.core.catalog.Endpoint;
import dev.meshgate.core.chain.ActiveRequests;
import dev.meshgate.core.chain.ChainRequest;
import dev.meshgate.core.chain.ChainRoute;
import dev.meshgate.core.chain.HttpHeaderModifiers;
import dev.meshgate.core.chain.RetryPolicy;
import dev.meshgate.core.ingress.HeaderModifiers;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the HTTP flows (ingress and terminating) do alike when they proxy a request: strip the
 * hop-by-hop headers, apply header modifiers as Envoy does, answer locally with a short text body,
 * order the endpoints for failover, and open the upstream connection on the client's event loop.
 * Stateless.
 */
final class HttpForwarding {
  /** Envoy's route timeout when the chain sets none: the whole response within 15 s. */
  static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(15);

  private static final List<String> HOP_BY_HOP = List.of("connection", "keep-alive", "proxy-connection",
      "transfer-encoding", "upgrade", "te", "trailer");

  private HttpForwarding() {}

  /** Removes the headers that concern one connection only (RFC 9110, section 7.6.1). */
  static void removeHopByHop(HttpHeaders headers) {
    for (int i = 0; i < HOP_BY_HOP.size(); i++) {
      headers.remove(HOP_BY_HOP.get(i));
    }
  }

  /** Applies a virtual host's modifiers, if it has any. */
  static void apply(HttpHeaders headers, HeaderModifiers modifiers) {
    if (!modifiers.isEmpty()) {
      apply(headers, modifiers.add(), modifiers.set(), modifiers.remove());
    }
  }

  /** Applies a chain route's modifier sets in order. */
  static void apply(HttpHeaders headers, List<HttpHeaderModifiers> modifiers) {
    for (HttpHeaderModifiers m : modifiers) {
      apply(headers, m.add(), m.set(), m.remove());
    }
  }

  /** Add appends, Set replaces, then Remove strips, as Envoy applies a header-modifier set. */
  private static void apply(HttpHeaders headers, Map<String, String> add, Map<String, String> set, List<String> remove) {
    add.forEach(headers::add);
    set.forEach(headers::set);
    for (String name : remove) {
      headers.remove(name);
    }
  }

  /** A response the gateway makes itself: {@code text} exactly, as {@code text/plain}, with its length. */
  static FullHttpResponse localReply(HttpResponseStatus status, String text) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
        Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN);
    HttpUtil.setContentLength(response, response.content().readableBytes());
    return response;
  }

  /**
   * The chain's load-balancer choice first ({@code active} are the in-flight counts {@code
   * least_request} compares), then its other healthy endpoints in order.
   */
  static List<Endpoint> failoverOrder(ChainRoute chain, ChainRequest request, long random, ActiveRequests active) {
    Endpoint first = chain.choose(request, random, active);
    List<Endpoint> endpoints = chain.endpoints();
    List<Endpoint> order = new ArrayList<>(endpoints.size());
    order.add(first);
    for (Endpoint e : endpoints) {
      if (e.healthy() && !e.equals(first)) {
        order.add(e);
      }
    }
    return order;
  }

  /**
   * How many times a route's policy lets a request be sent again: its {@code NumRetries}, or
   * Envoy's default of one when it sets none.
   */
  static int retryBudget(RetryPolicy policy) {
    return policy.numRetries() > 0 ? policy.numRetries() : 1;
  }

  /**
   * Whether a response status is retried under a policy's {@code retry_on} conditions, as Envoy
   * reads them: {@code retriable-status-codes} (the policy's codes), {@code 5xx}, {@code
   * gateway-error} (502, 503, 504) and {@code retriable-4xx} (409).
   */
  static boolean retriable(RetryPolicy policy, int status) {
    for (String on : policy.retryOn()) {
      boolean match;
      switch (on) {
        case "retriable-status-codes":
          match = policy.retriableStatusCodes().contains(status);
          break;
        case "5xx":
          match = status >= 500 && status <= 599;
          break;
        case "gateway-error":
          match = status == 502 || status == 503 || status == 504;
          break;
        case "retriable-4xx":
          match = status == 409;
          break;
        default:
          match = false;
      }
      if (match) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a policy retries a request whose upstream connection ended before the response: its
   * {@code retry_on} has {@code reset} or {@code 5xx}, as Envoy reads them.
   */
  static boolean retriesResets(RetryPolicy policy) {
    return policy.retryOn().contains("reset") || policy.retryOn().contains("5xx");
  }

  /** The client's IP address as the chain's source-IP matches read it, or empty when unknown. */
  static String sourceAddress(Channel client) {
    if (client.remoteAddress() instanceof InetSocketAddress address && address.getAddress() != null) {
      return address.getAddress().getHostAddress();
    }
    return "";
  }

  /** Where to connect: a host name is left for the bootstrap's resolver. */
  static InetSocketAddress address(Endpoint endpoint) {
    return endpoint.hostname() ? InetSocketAddress.createUnresolved(endpoint.address(), endpoint.port())
        : new InetSocketAddress(endpoint.address(), endpoint.port());
  }

  /**
   * A bootstrap for one upstream HTTP connection: the relay's channel type and water marks, on the
   * client's event loop (so the two channels share a thread), without half-close.
   */
  static Bootstrap upstream(Relay relay, EventLoop loop, Duration connectTimeout, ChannelHandler handler) {
    return relay.template().clone(loop)
        .option(ChannelOption.ALLOW_HALF_CLOSURE, false)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
        .handler(handler);
  }
}
