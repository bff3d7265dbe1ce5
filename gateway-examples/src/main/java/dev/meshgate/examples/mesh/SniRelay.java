package dev.meshgate.examples.mesh;

import dev.meshgate.core.catalog.Endpoint;
import dev.meshgate.core.mesh.MeshGateway;
import dev.meshgate.netty.CloseReason;
import dev.meshgate.netty.ConnectionSummary;
import dev.meshgate.netty.GatewayObserver;
import dev.meshgate.netty.MeshGatewayInitializer;
import dev.meshgate.netty.Relay;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.AttributeKey;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A mesh gateway on Netty: gateway-netty's {@link MeshGatewayInitializer} sniffs each
 * connection's ClientHello, routes the SNI through a {@link MeshGateway}'s table, and relays the
 * connection's bytes, untouched and still encrypted, to the route's endpoints (healthy first, the
 * next one when a connect fails), with backpressure; a name without a route closes the connection.
 * The gateway holds no key: the client's TLS session is with the endpoint. This class only prints
 * what the flow reports.
 *
 * <p>One event-loop thread serves both sides. Thread-safe to start and close.
 */
final class SniRelay implements AutoCloseable {
  /** What a connection was routed to, kept until its endpoint is known. */
  private static final AttributeKey<String> ROUTED = AttributeKey.valueOf(SniRelay.class, "routed");

  private final InetSocketAddress bind;
  private final MeshGatewayInitializer flow;
  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private Channel server;

  /**
   * @param gateway the routing table to follow
   * @param bind where to listen; port 0 picks a free one
   * @param handshakeTimeout how long a client may take to send its ClientHello
   * @param log receives one line per connection: its SNI and where it went, or why it was closed
   */
  SniRelay(MeshGateway gateway, InetSocketAddress bind, Duration handshakeTimeout, Consumer<String> log) {
    this(gateway, bind, handshakeTimeout, log, LoggerFactory.getLogger(SniRelay.class));
  }

  /**
   * @param gateway the routing table to follow
   * @param bind where to listen; port 0 picks a free one
   * @param handshakeTimeout how long a client may take to send its ClientHello
   * @param log receives one line per connection: its SNI and where it went, or why it was closed
   * @param logger where failures after routing go: a backend that cannot be reached, at WARN
   */
  SniRelay(MeshGateway gateway, InetSocketAddress bind, Duration handshakeTimeout, Consumer<String> log,
      Logger logger) {
    this.bind = bind;
    GatewayObserver printer = new GatewayObserver() {
      @Override
      public void routed(Channel client, String serverName, String destination) {
        client.attr(ROUTED).set(serverName + " -> " + destination);
      }

      @Override
      public void rejected(Channel client, String serverName, String reason) {
        log.accept(serverName + " -> closed: " + reason);
      }

      @Override
      public void endpointFailed(Channel client, Endpoint endpoint, Throwable cause) {
        logger.warn("{}: cannot connect to backend {}:{}: {}", sniOf(client), endpoint.address(), endpoint.port(),
            String.valueOf(cause));
      }

      @Override
      public void endpointConnected(Channel client, Channel backend, Endpoint endpoint) {
        log.accept(client.attr(ROUTED).get() + " via " + endpoint.address() + ":" + endpoint.port());
      }

      @Override
      public void closed(Channel client, ConnectionSummary summary) {
        if (summary.reason() == CloseReason.NO_ENDPOINT) {
          log.accept(client.attr(ROUTED).get() + " -> closed: no endpoint accepted the connection");
        }
      }
    };
    this.flow = MeshGatewayInitializer.builder(gateway).handshakeTimeout(handshakeTimeout)
        .relay(Relay.builder().observer(printer).build()).build();
  }

  private static String sniOf(Channel client) {
    String routed = client.attr(ROUTED).get();
    return routed == null ? "" : routed.substring(0, routed.indexOf(" -> "));
  }

  /** Starts listening; returns the address bound. */
  InetSocketAddress start() throws IOException {
    try {
      server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class).childHandler(flow)
          .bind(bind).sync().channel();
    } catch (Exception e) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw new IOException("cannot listen on " + bind + ": " + e.getMessage(), e);
    }
    return (InetSocketAddress) server.localAddress();
  }

  /** Waits until the listening channel closes. */
  void awaitClose() throws InterruptedException {
    server.closeFuture().sync();
  }

  @Override
  public void close() {
    if (server != null) {
      server.close().syncUninterruptibly();
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
