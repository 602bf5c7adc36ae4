import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * server netty|jetty PORT: a POST echo (and GET /cpu: the process's CPU nanoseconds).
 * client PORT SECONDS THREADS: a closed loop of POSTs of a 1 KiB JSON body; prints requests/s and server CPU µs/req.
 */
public final class HttpLibraryBench {
  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "server" -> { if (args[1].equals("netty")) netty(Integer.parseInt(args[2])); else jetty(Integer.parseInt(args[2])); }
      case "client" -> client(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
      default -> throw new IllegalArgumentException(args[0]);
    }
  }

  static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  static void netty(int port) throws Exception {
    var group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20),
                new SimpleChannelInboundHandler<FullHttpRequest>() {
                  @Override protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
                    ByteBuf body = req.uri().equals("/cpu")
                        ? Unpooled.copiedBuffer(Long.toString(cpuNanos()), StandardCharsets.US_ASCII)
                        : req.content().retainedDuplicate();
                    FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
                    res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
                    HttpUtil.setContentLength(res, body.readableBytes());
                    ctx.writeAndFlush(res);
                  }
                });
          }
        }).bind(port).sync().channel().closeFuture().sync();
  }

  static void jetty(int port) throws Exception {
    Server server = new Server(new org.eclipse.jetty.util.thread.QueuedThreadPool(32, 4));
    ServerConnector connector = new ServerConnector(server);
    connector.setPort(port);
    server.addConnector(connector);
    server.setHandler(new Handler.Abstract() {
      @Override public boolean handle(Request req, Response res, Callback callback) throws Exception {
        res.getHeaders().put("Content-Type", "application/json");
        if (req.getHttpURI().getPath().equals("/cpu")) {
          res.write(true, ByteBuffer.wrap(Long.toString(cpuNanos()).getBytes(StandardCharsets.US_ASCII)), callback);
        } else {
          byte[] body = Request.asInputStream(req).readAllBytes();
          res.getHeaders().put("Content-Length", body.length);
          res.write(true, ByteBuffer.wrap(body), callback);
        }
        return true;
      }
    });
    server.start();
    server.join();
  }

  static void client(int port, int seconds, int threads) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    StringBuilder json = new StringBuilder("{\"instances\": [");
    while (json.length() < 1010) json.append("1.25, ");
    json.append("2.5]}");
    byte[] body = json.toString().getBytes(StandardCharsets.US_ASCII);
    URI echo = URI.create("http://127.0.0.1:" + port + "/echo");
    URI cpu = URI.create("http://127.0.0.1:" + port + "/cpu");
    HttpRequest post = HttpRequest.newBuilder(echo).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    for (int i = 0; i < 2000; i++) http.send(post, HttpResponse.BodyHandlers.ofByteArray()); // warm up
    LongAdder done = new LongAdder();
    LongAdder errors = new LongAdder();
    long cpu0 = Long.parseLong(http.send(HttpRequest.newBuilder(cpu).build(), HttpResponse.BodyHandlers.ofString()).body());
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    Thread[] ts = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      ts[t] = new Thread(() -> {
        try {
          while (System.nanoTime() < end) {
            try {
              HttpResponse<byte[]> r = http.send(post, HttpResponse.BodyHandlers.ofByteArray());
              if (r.statusCode() != 200 || r.body().length != body.length) throw new IllegalStateException("bad echo");
              done.increment();
            } catch (java.io.IOException e) {
              errors.increment(); // JDK 17's client sometimes drops a pooled connection it closed itself
            }
          }
        } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
      });
      ts[t].start();
    }
    for (Thread t : ts) t.join();
    long cpu1 = Long.parseLong(http.send(HttpRequest.newBuilder(cpu).build(), HttpResponse.BodyHandlers.ofString()).body());
    long n = done.sum();
    System.out.printf("requests/s %.0f  server CPU µs/request %.1f  client errors %d%n", n / (double) seconds,
        (cpu1 - cpu0) / 1000.0 / n, errors.sum());
  }
}
