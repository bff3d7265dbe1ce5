package dev.meshgate.sni.netty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshgate.sni.ClientHello;
import dev.meshgate.testkit.ClientHelloBuilder;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * On a real event loop (Netty's in-JVM local transport), an asynchronous decision completed by
 * another thread is carried out on the channel's event loop, and the bytes still arrive whole and
 * in order.
 */
class EventLoopTest {

  @Test
  void anAsyncDecisionCompletedElsewhereContinuesOnTheEventLoop() throws Exception {
    byte[] hello = new ClientHelloBuilder().serverName("api.example.com").build();
    byte[] after = new byte[5000];
    for (int i = 0; i < after.length; i++) {
      after[i] = (byte) i;
    }
    CompletableFuture<Decision> decision = new CompletableFuture<>();
    CountDownLatch deciding = new CountDownLatch(1);
    ClientHelloSniffer sniffer = ClientHelloSniffer.builder()
        .asyncDecider((channel, result) -> {
          deciding.countDown();
          return decision;
        })
        .build();
    List<String> wrongThread = Collections.synchronizedList(new ArrayList<>());
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    CountDownLatch all = new CountDownLatch(1);
    List<Object> events = Collections.synchronizedList(new ArrayList<>());

    EventLoopGroup group = new DefaultEventLoopGroup(2);
    try {
      LocalAddress address = new LocalAddress("sniffer-" + System.nanoTime());
      Channel server = new ServerBootstrap().group(group).channel(LocalServerChannel.class)
          .childHandler(new ChannelInitializer<LocalChannel>() {
            @Override
            protected void initChannel(LocalChannel ch) {
              ch.pipeline().addLast(sniffer.newHandler(), new ChannelInboundHandlerAdapter() {
                @Override
                public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                  check(ctx);
                  events.add(evt);
                }

                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                  check(ctx);
                  ByteBuf buf = (ByteBuf) msg;
                  byte[] bytes = new byte[buf.readableBytes()];
                  buf.readBytes(bytes).release();
                  synchronized (received) {
                    received.writeBytes(bytes);
                    if (received.size() == hello.length + after.length) {
                      all.countDown();
                    }
                  }
                }

                private void check(ChannelHandlerContext ctx) {
                  if (!ctx.executor().inEventLoop()) {
                    wrongThread.add(Thread.currentThread().getName());
                  }
                }
              });
            }
          })
          .bind(address).sync().channel();
      Channel client = new Bootstrap().group(group).channel(LocalChannel.class)
          .handler(new ChannelInboundHandlerAdapter())
          .connect(address).sync().channel();
      client.writeAndFlush(Unpooled.wrappedBuffer(hello)).sync();
      assertTrue(deciding.await(10, TimeUnit.SECONDS), "the decider was called");
      client.writeAndFlush(Unpooled.wrappedBuffer(after)).sync();

      Thread completer = new Thread(() -> decision.complete(Decision.forward()), "completer");
      completer.start();
      completer.join();

      assertTrue(all.await(10, TimeUnit.SECONDS), "every byte arrived");
      assertEquals(List.of(), wrongThread);
      assertEquals(1, events.size());
      assertEquals(hello.length, ((ClientHello) ((SniffEvent.Accepted) events.get(0)).result())
          .streamLength());
      byte[] expected = new byte[hello.length + after.length];
      System.arraycopy(hello, 0, expected, 0, hello.length);
      System.arraycopy(after, 0, expected, hello.length, after.length);
      synchronized (received) {
        assertArrayEquals(expected, received.toByteArray());
      }
      client.close().sync();
      server.close().sync();
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }
}
