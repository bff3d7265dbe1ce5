package dev.meshgate.examples;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Collects what a stream prints, line by line, for another thread to wait on. */
public final class Lines extends OutputStream {
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final ByteArrayOutputStream current = new ByteArrayOutputStream();

  @Override
  public synchronized void write(int b) {
    if (b == '\n') {
      lines.add(current.toString(StandardCharsets.UTF_8));
      current.reset();
    } else {
      current.write(b);
    }
  }

  /** Waits up to 30 s for the next line. */
  public String next() throws InterruptedException {
    String line = lines.poll(30, TimeUnit.SECONDS);
    assertNotNull(line, "nothing printed within 30 s");
    return line;
  }

  /** Waits for the next line that starts with {@code prefix}, skipping others. */
  public String nextStartingWith(String prefix) throws InterruptedException {
    while (true) {
      String line = next();
      if (line.startsWith(prefix)) {
        return line;
      }
    }
  }

  /** Whether no complete line is waiting. */
  public boolean isEmpty() {
    return lines.isEmpty();
  }
}
