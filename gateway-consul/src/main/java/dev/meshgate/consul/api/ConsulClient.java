package dev.meshgate.consul.api;

import dev.meshgate.tls.KeyMaterial;
import dev.meshgate.tls.TlsMaterialException;
import dev.meshgate.tls.TrustBundle;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Asks one Consul agent's HTTP API, with the JDK's {@link HttpClient}: the agent's address and
 * scheme, the ACL token (sent as {@code X-Consul-Token}, never logged or put in a message), the
 * datacenter ({@code dc}), the consistency mode ({@code ?stale} or {@code ?consistent}) and TLS to
 * the agent. {@link #get} runs one request, blocking when given an index; {@link Watch} repeats it
 * by Consul's blocking-query rules.
 *
 * <p>Build one with {@link #builder()} or from the variables Consul's own clients read ({@link
 * #fromEnvironment}). Immutable and thread-safe; one client serves any number of watches.
 */
public final class ConsulClient {
  /** Consul's consistency modes for reads. */
  public enum Consistency {
    /** The default: the leader answers, without a quorum check. */
    DEFAULT,
    /** Any server answers, possibly behind the leader ({@code ?stale}); scales reads. */
    STALE,
    /** The leader answers after confirming leadership with a quorum ({@code ?consistent}). */
    CONSISTENT
  }

  /**
   * One successful answer: Consul's {@code X-Consul-Index} (0 when the header is absent) and the
   * body. The body array is the answer's own, not copied.
   *
   * @param index the {@code X-Consul-Index} header's value, or 0
   * @param body the answer's body
   */
  public record Answer(long index, byte[] body) {
    /**
     * Checks the body.
     *
     * @param index the index
     * @param body the body
     */
    public Answer {
      Objects.requireNonNull(body, "body");
    }
  }

  /** The longest blocking wait Consul honours. */
  public static final Duration MAX_WAIT = Duration.ofMinutes(10);

  private final URI base;
  private final String token;
  private final String datacenter;
  private final Consistency consistency;
  private final Duration timeoutMargin;
  private final HttpClient http;

  private ConsulClient(Builder b) {
    this.base = b.base;
    this.token = b.token;
    this.datacenter = b.datacenter;
    this.consistency = b.consistency;
    this.timeoutMargin = b.timeoutMargin;
    HttpClient.Builder hb = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(b.connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER);
    if (b.sslContext != null) {
      hb.sslContext(b.sslContext);
    }
    this.http = hb.build();
  }

  /**
   * Starts a builder: agent {@code 127.0.0.1:8500} over plain HTTP, no token, the agent's
   * datacenter, the default consistency mode.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds a client from the environment variables Consul's CLI and API client read:
   *
   * <ul>
   *   <li>{@code CONSUL_HTTP_ADDR}: {@code host:port}, {@code http://host:port} or {@code
   *       https://host:port} (default {@code 127.0.0.1:8500}); a {@code unix://} socket is refused,
   *       since the JDK's client speaks TCP only;
   *   <li>{@code CONSUL_HTTP_SSL}: {@code true} for HTTPS (an {@code http://} address does not turn
   *       it off, as in Consul);
   *   <li>{@code CONSUL_HTTP_TOKEN}, and {@code CONSUL_HTTP_TOKEN_FILE}, whose trimmed content wins
   *       when not empty;
   *   <li>{@code CONSUL_CACERT}: the PEM CA bundle the agent's certificate must chain to (else the
   *       JDK's default trust); {@code CONSUL_CLIENT_CERT} and {@code CONSUL_CLIENT_KEY}: a client
   *       certificate, both or neither.
   * </ul>
   *
   * <p>Settings that would weaken or silently change verification are refused rather than ignored:
   * {@code CONSUL_HTTP_SSL_VERIFY=false}, {@code CONSUL_CAPATH} and {@code CONSUL_TLS_SERVER_NAME}.
   *
   * @param env the environment, e.g. {@code System.getenv()}
   * @return the client
   * @throws IllegalArgumentException naming the variable and what was expected; never the token
   */
  public static ConsulClient fromEnvironment(Map<String, String> env) {
    Builder b = builder();
    String ssl = env.getOrDefault("CONSUL_HTTP_SSL", "");
    boolean https = !ssl.isEmpty() && goBool("CONSUL_HTTP_SSL", ssl);
    String addr = env.getOrDefault("CONSUL_HTTP_ADDR", "");
    if (addr.isEmpty()) {
      addr = "127.0.0.1:8500";
    }
    int sep = addr.indexOf("://");
    if (sep >= 0) {
      String scheme = addr.substring(0, sep).toLowerCase(Locale.ROOT);
      switch (scheme) {
        case "http" -> {
          // An explicit request for TLS is never reverted, as in Consul's client.
        }
        case "https" -> https = true;
        case "unix" -> throw new IllegalArgumentException("CONSUL_HTTP_ADDR: " + addr
            + " (expected: host:port, http://host:port or https://host:port; unix sockets are not supported)");
        default -> throw new IllegalArgumentException("CONSUL_HTTP_ADDR: " + addr
            + " (expected: host:port, http://host:port or https://host:port; unknown scheme " + scheme + ")");
      }
      addr = addr.substring(sep + 3);
    }
    b.address(addr, https);
    for (String refused : List.of("CONSUL_CAPATH", "CONSUL_TLS_SERVER_NAME")) {
      if (!env.getOrDefault(refused, "").isEmpty()) {
        throw new IllegalArgumentException(refused + ": set (expected: unset; meshgate reads CONSUL_CACERT only)");
      }
    }
    String verify = env.getOrDefault("CONSUL_HTTP_SSL_VERIFY", "");
    if (!verify.isEmpty() && !goBool("CONSUL_HTTP_SSL_VERIFY", verify)) {
      throw new IllegalArgumentException(
          "CONSUL_HTTP_SSL_VERIFY: " + verify + " (expected: true or unset; meshgate always verifies the agent)");
    }
    String token = env.getOrDefault("CONSUL_HTTP_TOKEN", "");
    String tokenFile = env.getOrDefault("CONSUL_HTTP_TOKEN_FILE", "");
    if (!tokenFile.isEmpty()) {
      try {
        String fromFile = Files.readString(Path.of(tokenFile), StandardCharsets.UTF_8).strip();
        if (!fromFile.isEmpty()) {
          token = fromFile;
        }
      } catch (IOException | RuntimeException e) {
        throw new IllegalArgumentException("CONSUL_HTTP_TOKEN_FILE: " + tokenFile + ": cannot be read ("
            + e.getClass().getSimpleName() + ")", e);
      }
    }
    if (!token.isEmpty()) {
      b.token(token);
    }
    String caCert = env.getOrDefault("CONSUL_CACERT", "");
    String clientCert = env.getOrDefault("CONSUL_CLIENT_CERT", "");
    String clientKey = env.getOrDefault("CONSUL_CLIENT_KEY", "");
    if (clientCert.isEmpty() != clientKey.isEmpty()) {
      throw new IllegalArgumentException((clientCert.isEmpty() ? "CONSUL_CLIENT_CERT" : "CONSUL_CLIENT_KEY")
          + ": unset (expected: CONSUL_CLIENT_CERT and CONSUL_CLIENT_KEY both set or both unset)");
    }
    if (!caCert.isEmpty() || !clientCert.isEmpty()) {
      if (!https) {
        throw new IllegalArgumentException((caCert.isEmpty() ? "CONSUL_CLIENT_CERT" : "CONSUL_CACERT")
            + ": set for a plain HTTP address (expected: CONSUL_HTTP_SSL=true or an https:// CONSUL_HTTP_ADDR)");
      }
      b.tls(sslContext(caCert.isEmpty() ? Optional.empty() : Optional.of(Path.of(caCert)),
          clientCert.isEmpty() ? Optional.empty() : Optional.of(Path.of(clientCert)),
          clientKey.isEmpty() ? Optional.empty() : Optional.of(Path.of(clientKey))));
    }
    return b.build();
  }

  private static boolean goBool(String variable, String value) {
    return switch (value) {
      case "1", "t", "T", "TRUE", "true", "True" -> true;
      case "0", "f", "F", "FALSE", "false", "False" -> false;
      default -> throw new IllegalArgumentException(variable + ": " + value + " (expected: true or false)");
    };
  }

  /**
   * Builds the TLS context Consul's clients build from a CA file and an optional client certificate,
   * loading the PEM files with meshgate's TLS loader.
   *
   * @param caFile the CA bundle, or empty for the JDK's default trust
   * @param certFile the client certificate chain, or empty
   * @param keyFile the client key (unencrypted), or empty; given exactly when {@code certFile} is
   * @return the context
   * @throws IllegalArgumentException naming the file and the problem
   */
  public static SSLContext sslContext(Optional<Path> caFile, Optional<Path> certFile, Optional<Path> keyFile) {
    if (certFile.isPresent() != keyFile.isPresent()) {
      throw new IllegalArgumentException("client certificate: " + (certFile.isPresent() ? "key" : "certificate")
          + " file missing (expected: both a certificate and a key file, or neither)");
    }
    try {
      TrustManagerFactory tmf = null;
      if (caFile.isPresent()) {
        TrustBundle bundle = TrustBundle.load(caFile.get());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        int i = 0;
        for (X509Certificate c : bundle.certificates()) {
          trust.setCertificateEntry("ca-" + i++, c);
        }
        tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
      }
      KeyManagerFactory kmf = null;
      if (certFile.isPresent()) {
        KeyMaterial key = KeyMaterial.load(certFile.get(), keyFile.get(), new char[0]);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        char[] password = new char[0];
        keys.setKeyEntry("client", key.privateKey(), password, key.chain().toArray(new X509Certificate[0]));
        kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
      return context;
    } catch (TlsMaterialException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("TLS context for the Consul agent: " + e.getMessage(), e);
    }
  }

  /**
   * Returns the agent's base address.
   *
   * @return e.g. {@code https://consul.example:8501}
   */
  public URI address() {
    return base;
  }

  /**
   * Tells whether a token is sent (the token itself is never handed out).
   *
   * @return true when requests carry {@code X-Consul-Token}
   */
  public boolean hasToken() {
    return !token.isEmpty();
  }

  /**
   * Runs one GET request. With {@code index > 0} it is a blocking query: the agent holds it until
   * the endpoint's index passes {@code index} or {@code wait} elapses (plus up to {@code wait/16}
   * of jitter the agent adds). The client's datacenter and consistency mode are added to the query.
   *
   * @param endpoint the path, e.g. {@code /v1/health/service/web}
   * @param query more query parameters, in order; an empty value is sent as a bare flag ({@code
   *     connect}); a {@code dc} here asks that datacenter instead of the client's
   * @param index the index to wait past; 0 for an answer without waiting
   * @param wait the longest wait; at most {@link #MAX_WAIT}; ignored when {@code index} is 0
   * @return the answer
   * @throws ConsulHttpException if the agent answers with a status other than 200
   * @throws IOException if the connection fails, is reset or times out
   * @throws InterruptedException if the calling thread is interrupted (the request is cancelled)
   */
  public Answer get(String endpoint, Map<String, String> query, long index, Duration wait)
      throws ConsulHttpException, IOException, InterruptedException {
    if (!endpoint.startsWith("/")) {
      throw new IllegalArgumentException("endpoint: " + endpoint + " (expected: a path starting with /)");
    }
    if (index < 0) {
      throw new IllegalArgumentException("index: " + index + " (expected: 0 or more)");
    }
    if (wait.isNegative() || wait.compareTo(MAX_WAIT) > 0) {
      throw new IllegalArgumentException("wait: " + wait + " (expected: 0 to " + MAX_WAIT + ")");
    }
    Map<String, String> params = new LinkedHashMap<>(query);
    if (!datacenter.isEmpty() && !params.containsKey("dc")) {
      params.put("dc", datacenter);
    }
    if (consistency == Consistency.STALE) {
      params.put("stale", "");
    } else if (consistency == Consistency.CONSISTENT) {
      params.put("consistent", "");
    }
    if (index > 0) {
      params.put("index", Long.toString(index));
      params.put("wait", wait.toMillis() + "ms");
    }
    StringBuilder uri = new StringBuilder(base.toString()).append(endpoint);
    char sep = '?';
    for (Map.Entry<String, String> p : params.entrySet()) {
      uri.append(sep).append(URLEncoder.encode(p.getKey(), StandardCharsets.UTF_8));
      if (!p.getValue().isEmpty()) {
        uri.append('=').append(URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8));
      }
      sep = '&';
    }
    Duration timeout = (index > 0 ? wait.plus(wait.dividedBy(16)) : Duration.ZERO).plus(timeoutMargin);
    HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(uri.toString())).GET().timeout(timeout)
        .header("Accept", "application/json");
    if (!token.isEmpty()) {
      rb.header("X-Consul-Token", token);
    }
    CompletableFuture<HttpResponse<byte[]>> pending = http.sendAsync(rb.build(), HttpResponse.BodyHandlers.ofByteArray());
    HttpResponse<byte[]> response;
    try {
      response = pending.get();
    } catch (InterruptedException e) {
      pending.cancel(true);
      throw e;
    } catch (ExecutionException | CancellationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IOException(endpoint + ": " + cause, cause);
    }
    long returned = 0;
    Optional<String> header = response.headers().firstValue("X-Consul-Index");
    if (header.isPresent()) {
      try {
        returned = Long.parseUnsignedLong(header.get().strip());
      } catch (NumberFormatException e) {
        throw new IOException(endpoint + ": X-Consul-Index: " + header.get() + " (expected: an unsigned integer)");
      }
    }
    if (response.statusCode() != 200) {
      throw new ConsulHttpException(endpoint, response.statusCode(),
          new String(response.body(), 0, Math.min(response.body().length, 1024), StandardCharsets.UTF_8), returned);
    }
    return new Answer(returned, response.body());
  }

  @Override
  public String toString() {
    return "ConsulClient[" + base + (datacenter.isEmpty() ? "" : ", dc=" + datacenter)
        + ", consistency=" + consistency + (token.isEmpty() ? "" : ", token=<set>") + "]";
  }

  /**
   * Configures a client; each setting may be given once. Not thread-safe.
   */
  public static final class Builder {
    private URI base = URI.create("http://127.0.0.1:8500");
    private boolean addressSet;
    private String token = "";
    private String datacenter = "";
    private Consistency consistency = Consistency.DEFAULT;
    private boolean consistencySet;
    private SSLContext sslContext;
    private boolean https;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private boolean connectTimeoutSet;
    private Duration timeoutMargin = Duration.ofSeconds(10);
    private boolean timeoutMarginSet;

    private Builder() {}

    private static void once(boolean set, String setting, Object earlier) {
      if (set) {
        throw new IllegalStateException(setting + " was already set to " + earlier);
      }
    }

    /**
     * Sets the agent's address.
     *
     * @param hostPort {@code host:port}, an IPv6 host in brackets
     * @param useHttps whether to speak HTTPS
     * @return this builder
     * @throws IllegalArgumentException if the address is not {@code host:port}
     */
    public Builder address(String hostPort, boolean useHttps) {
      once(addressSet, "address", base);
      URI uri;
      try {
        uri = new URI((useHttps ? "https" : "http") + "://" + hostPort);
      } catch (URISyntaxException e) {
        uri = null;
      }
      if (uri == null || uri.getHost() == null || uri.getPort() < 0 || (uri.getPath() != null && !uri.getPath().isEmpty())
          || uri.getQuery() != null || uri.getUserInfo() != null) {
        throw new IllegalArgumentException("address: " + hostPort + " (expected: host:port)");
      }
      this.base = uri;
      this.https = useHttps;
      this.addressSet = true;
      return this;
    }

    /**
     * Sets the ACL token sent as {@code X-Consul-Token}.
     *
     * @param value the token; never logged
     * @return this builder
     */
    public Builder token(String value) {
      once(!token.isEmpty(), "token", "<set>");
      if (value.isEmpty() || value.strip().length() != value.length() || value.indexOf('\n') >= 0) {
        throw new IllegalArgumentException("token: (expected: a non-empty token without surrounding white space)");
      }
      this.token = value;
      return this;
    }

    /**
     * Sets the datacenter asked ({@code dc}); by default the agent's own.
     *
     * @param value the datacenter name
     * @return this builder
     */
    public Builder datacenter(String value) {
      once(!datacenter.isEmpty(), "datacenter", datacenter);
      if (value.isEmpty()) {
        throw new IllegalArgumentException("datacenter: \"\" (expected: a datacenter name)");
      }
      this.datacenter = value;
      return this;
    }

    /**
     * Sets the consistency mode.
     *
     * @param value the mode
     * @return this builder
     */
    public Builder consistency(Consistency value) {
      once(consistencySet, "consistency", consistency);
      this.consistency = Objects.requireNonNull(value, "consistency");
      this.consistencySet = true;
      return this;
    }

    /**
     * Sets the TLS context for an HTTPS agent (see {@link ConsulClient#sslContext}).
     *
     * @param value the context
     * @return this builder
     */
    public Builder tls(SSLContext value) {
      once(sslContext != null, "tls", "a context");
      this.sslContext = Objects.requireNonNull(value, "tls");
      return this;
    }

    /**
     * Sets how long connecting may take (default 5 seconds).
     *
     * @param value a positive duration
     * @return this builder
     */
    public Builder connectTimeout(Duration value) {
      once(connectTimeoutSet, "connectTimeout", connectTimeout);
      if (value.isZero() || value.isNegative()) {
        throw new IllegalArgumentException("connectTimeout: " + value + " (expected: positive)");
      }
      this.connectTimeout = value;
      this.connectTimeoutSet = true;
      return this;
    }

    /**
     * Sets how much longer than its wait (plus Consul's {@code wait/16} jitter) a request may take
     * before it counts as failed (default 10 seconds); a non-blocking request gets this long.
     *
     * @param value a positive duration
     * @return this builder
     */
    public Builder timeoutMargin(Duration value) {
      once(timeoutMarginSet, "timeoutMargin", timeoutMargin);
      if (value.isZero() || value.isNegative()) {
        throw new IllegalArgumentException("timeoutMargin: " + value + " (expected: positive)");
      }
      this.timeoutMargin = value;
      this.timeoutMarginSet = true;
      return this;
    }

    /**
     * Builds the client.
     *
     * @return the client
     * @throws IllegalStateException if a TLS context was given for a plain HTTP address
     */
    public ConsulClient build() {
      if (sslContext != null && !https) {
        throw new IllegalStateException("tls: set for the plain HTTP address " + base
            + " (expected: address(hostPort, true))");
      }
      return new ConsulClient(this);
    }
  }
}
