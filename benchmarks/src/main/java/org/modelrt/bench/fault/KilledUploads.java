package org.modelrt.bench.fault;

import com.google.protobuf.ByteString;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.modelrt.wire.tensor.DataType;
import org.modelrt.wire.tensor.TensorProto;
import org.modelrt.wire.tensor.TensorShapeProto;
import org.modelrt.wire.tfserving.ModelSpec;
import org.modelrt.wire.tfserving.PredictRequest;

/**
 * Clients killed mid-upload of a large tensor. Each client opens its own TCP connection to the server and speaks
 * HTTP/2 by hand over a raw socket (preface, SETTINGS, one HEADERS frame for
 * {@code tensorflow.serving.PredictionService/Predict}), then sends the DATA of one real PredictRequest of
 * {@code --megabytes} MB of DT_FLOAT {@code tensor_content}, honouring the server's flow-control windows, up to a
 * random cut between 10% and 90% of the message. There it dies the way a killed process does: the kernel closes its
 * socket, a RST (SO_LINGER 0) for even-numbered clients, a FIN for odd ones. Raw frames, because a grpc-java client
 * buffers a message before it flushes it, so it cannot be stopped part-way through an upload.
 *
 * <p>Clients run in waves of {@code --parallel}: every client of a wave holds its partial message until the whole
 * wave has reached its cuts (so the server holds them all at once, the worst case), then the wave dies together.
 * Measures nothing on the server: the calling script reads its RSS and descriptors. Prints per wave the bytes held,
 * and at the end how many clients reached their cut; exit 1 when any did not (a server that stopped reading).
 */
public final class KilledUploads {
  private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final int DATA = 0, HEADERS = 1, RST_STREAM = 3, SETTINGS = 4, PING = 6, GOAWAY = 7, WINDOW = 8;
  private static final int STREAM = 1;
  /** Longest a client waits for the server to open its flow-control window: a server that stopped reading. */
  private static final long WINDOW_WAIT_MS = 60_000;

  private KilledUploads() {}

  /** Arguments: host port clients parallel megabytes. */
  public static void main(String[] args) throws Exception {
    if (args.length != 5) {
      System.err.println("usage: KilledUploads HOST PORT CLIENTS PARALLEL MEGABYTES");
      System.exit(2);
    }
    String host = args[0];
    int port = Integer.parseInt(args[1]);
    int clients = Integer.parseInt(args[2]);
    int parallel = Integer.parseInt(args[3]);
    int megabytes = Integer.parseInt(args[4]);
    byte[] body = grpcFrame(request(megabytes));
    AtomicInteger reachedCut = new AtomicInteger();
    for (int first = 0; first < clients; first += parallel) {
      int wave = Math.min(parallel, clients - first);
      CountDownLatch atCut = new CountDownLatch(wave);
      CountDownLatch die = new CountDownLatch(1);
      AtomicLong held = new AtomicLong();
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < wave; i++) {
        int id = first + i;
        int cut = (int) (body.length * ThreadLocalRandom.current().nextDouble(0.1, 0.9));
        Thread t = new Thread(() -> {
          try (Upload upload = new Upload(host, port, id % 2 == 0)) {
            upload.send(body, cut);
            held.addAndGet(cut);
            reachedCut.incrementAndGet();
            atCut.countDown();
            die.await(120, TimeUnit.SECONDS);
          } catch (IOException | InterruptedException e) {
            System.err.println("client " + id + ": " + e.getMessage());
            atCut.countDown();
          }
        }, "upload-" + id);
        t.start();
        threads.add(t);
      }
      boolean all = atCut.await(180, TimeUnit.SECONDS);
      System.out.printf("wave of %d from client %d: %s, %d MB held by the server, killing%n", wave, first,
          all ? "all at their cut" : "TIMED OUT", held.get() >> 20);
      die.countDown();
      for (Thread t : threads) {
        t.join(10_000);
      }
    }
    System.out.printf("%d of %d clients reached their cut and were killed%n", reachedCut.get(), clients);
    System.exit(reachedCut.get() == clients ? 0 : 1);
  }

  /** A valid Predict for a [-1, 4] float input: what a real client would have sent whole. */
  static byte[] request(int megabytes) {
    int rows = megabytes * (1 << 20) / 16;
    TensorProto x = TensorProto.newBuilder().setDtype(DataType.DT_FLOAT)
        .setTensorShape(TensorShapeProto.newBuilder()
            .addDim(TensorShapeProto.Dim.newBuilder().setSize(rows))
            .addDim(TensorShapeProto.Dim.newBuilder().setSize(4)))
        .setTensorContent(ByteString.copyFrom(new byte[rows * 16])).build();
    return PredictRequest.newBuilder().setModelSpec(ModelSpec.newBuilder().setName("model"))
        .putInputs("x", x).build().toByteArray();
  }

  /** The gRPC length-prefixed message: flag 0 (uncompressed), 4-byte big-endian length, the bytes. */
  static byte[] grpcFrame(byte[] message) {
    byte[] out = new byte[5 + message.length];
    int n = message.length;
    out[1] = (byte) (n >>> 24);
    out[2] = (byte) (n >>> 16);
    out[3] = (byte) (n >>> 8);
    out[4] = (byte) n;
    System.arraycopy(message, 0, out, 5, n);
    return out;
  }

  /** One connection with one stream; a reader thread answers SETTINGS and PING and tracks the windows. */
  private static final class Upload implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final boolean reset;
    private final Object lock = new Object();
    private long connWindow = 65_535;
    private long streamWindow = 65_535;
    private int maxFrame = 16_384;
    private String closedBy;

    Upload(String host, int port, boolean reset) throws IOException {
      this.reset = reset;
      socket = new Socket();
      socket.connect(new InetSocketAddress(host, port), 10_000);
      socket.setTcpNoDelay(true);
      out = socket.getOutputStream();
      // The preface first: the reader's SETTINGS ACK must not reach the server before it.
      out.write(PREFACE);
      frame(SETTINGS, 0, 0, new byte[0]);
      out.flush();
      Thread reader = new Thread(this::read, "upload-reader");
      reader.setDaemon(true);
      reader.start();
    }

    void send(byte[] body, int cut) throws IOException, InterruptedException {
      synchronized (out) {
        frame(HEADERS, 0x4, STREAM, headers(socket.getInetAddress().getHostAddress() + ":" + socket.getPort()));
      }
      int sent = 0;
      while (sent < cut) {
        int n;
        synchronized (lock) {
          long until = System.currentTimeMillis() + WINDOW_WAIT_MS;
          while (closedBy == null && (connWindow <= 0 || streamWindow <= 0)) {
            long left = until - System.currentTimeMillis();
            if (left <= 0) {
              throw new IOException("the server stopped opening its window after " + sent + " bytes");
            }
            lock.wait(left);
          }
          if (closedBy != null) {
            throw new IOException("the server ended the stream after " + sent + " bytes: " + closedBy);
          }
          n = (int) Math.min(Math.min(connWindow, streamWindow), Math.min(maxFrame, cut - sent));
          connWindow -= n;
          streamWindow -= n;
        }
        byte[] payload = new byte[n];
        System.arraycopy(body, sent, payload, 0, n);
        synchronized (out) {
          frame(DATA, 0, STREAM, payload);
        }
        sent += n;
      }
      out.flush();
    }

    private static byte[] headers(String authority) {
      String[][] fields = {{":method", "POST"}, {":scheme", "http"},
          {":path", "/tensorflow.serving.PredictionService/Predict"}, {":authority", authority},
          {"content-type", "application/grpc"}, {"te", "trailers"}};
      java.io.ByteArrayOutputStream block = new java.io.ByteArrayOutputStream();
      for (String[] f : fields) {
        block.write(0); // HPACK literal field without indexing, new name, no Huffman; every length < 127
        for (String s : f) {
          byte[] b = s.getBytes(StandardCharsets.US_ASCII);
          block.write(b.length);
          block.writeBytes(b);
        }
      }
      return block.toByteArray();
    }

    private void frame(int type, int flags, int stream, byte[] payload) throws IOException {
      int n = payload.length;
      out.write(new byte[] {(byte) (n >>> 16), (byte) (n >>> 8), (byte) n, (byte) type, (byte) flags,
          (byte) (stream >>> 24), (byte) (stream >>> 16), (byte) (stream >>> 8), (byte) stream});
      out.write(payload);
    }

    private void read() {
      try {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        while (true) {
          int len = (in.readUnsignedByte() << 16) | in.readUnsignedShort();
          int type = in.readUnsignedByte();
          int flags = in.readUnsignedByte();
          int stream = in.readInt() & 0x7fffffff;
          byte[] p = new byte[len];
          in.readFully(p);
          switch (type) {
            case SETTINGS -> { if ((flags & 1) == 0) settings(p); }
            case WINDOW -> window(stream, ((p[0] & 0x7f) << 24) | ((p[1] & 0xff) << 16) | ((p[2] & 0xff) << 8)
                | (p[3] & 0xff));
            case PING -> { if ((flags & 1) == 0) { synchronized (out) { frame(PING, 1, 0, p); out.flush(); } } }
            case GOAWAY, RST_STREAM -> closed(type == GOAWAY ? "GOAWAY" : "RST_STREAM");
            default -> { }
          }
        }
      } catch (IOException e) {
        closed("connection closed");
      }
    }

    private void settings(byte[] p) throws IOException {
      synchronized (lock) {
        for (int i = 0; i + 6 <= p.length; i += 6) {
          int id = ((p[i] & 0xff) << 8) | (p[i + 1] & 0xff);
          long v = ((long) (p[i + 2] & 0xff) << 24) | ((p[i + 3] & 0xff) << 16) | ((p[i + 4] & 0xff) << 8)
              | (p[i + 5] & 0xff);
          if (id == 4) {
            streamWindow += v - 65_535; // INITIAL_WINDOW_SIZE: before any DATA, the delta from the default
          } else if (id == 5) {
            maxFrame = (int) v;
          }
        }
        lock.notifyAll();
      }
      synchronized (out) {
        frame(SETTINGS, 1, 0, new byte[0]);
        out.flush();
      }
    }

    private void window(int stream, int increment) {
      synchronized (lock) {
        if (stream == 0) {
          connWindow += increment;
        } else {
          streamWindow += increment;
        }
        lock.notifyAll();
      }
    }

    private void closed(String why) {
      synchronized (lock) {
        if (closedBy == null) {
          closedBy = why;
        }
        lock.notifyAll();
      }
    }

    /** Dies: the socket closes as a killed process's does, with a RST or a FIN. */
    @Override
    public void close() throws IOException {
      if (reset) {
        socket.setSoLinger(true, 0);
      }
      socket.close();
    }
  }
}
