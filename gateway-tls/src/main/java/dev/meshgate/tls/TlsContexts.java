package dev.meshgate.tls;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.meshgate.core.naming.TrustDomain;
import dev.meshgate.core.terminating.TlsMode;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * One context per distinct material set (Contour went from 40+ GiB to ~250 MiB by sharing TLS
 * contexts between the routes that use the same certificate). The cache key is the content of
 * the files, not their paths: two links naming different paths to identical files share a
 * context, and a file rewritten in place gets a new one. OriginationMaterial's equals/hashCode is
 * a precomputed SHA-256 digest, so a lookup with material in hand is one hash probe and one
 * 32-byte compare, with nothing allocated.
 *
 * Caffeine bounds the cache (the oldest, least used contexts go first) and runs its maintenance
 * on the calling thread, so this class starts no threads.
 */

/**
 * Builds TLS contexts for a gateway with one set of settings (protocol versions, cipher suites,
 * clock, key passwords): origination contexts for services outside the mesh, deduplicated by the
 * content of their files, and mesh-side server contexts.
 *
 * <pre>{@code
 * TlsContexts contexts = TlsContexts.builder().build();
 * Origination origination = contexts.origination(TlsMode.of("/etc/tls/ca.pem", "", "", "api.example.com"));
 * if (origination instanceof OriginationContext tls) {
 *   SSLEngine engine = tls.newEngine("10.0.0.7", 443);
 * }
 * }</pre>
 *
 * <p>Thread-safe; share one instance per set of settings.
 */
public final class TlsContexts {
  private static final Logger log = LoggerFactory.getLogger(TlsContexts.class);

  private final List<String> protocols;
  private final List<String> cipherSuites;
  private final Clock clock;
  private final Function<Path, char[]> keyPasswords;
  private final Cache<OriginationMaterial, OriginationContext> contexts;
  private final Function<OriginationMaterial, OriginationContext> newContext = this::newContext;

  private TlsContexts(Builder builder) {
    this.protocols = builder.protocols == null ? defaultProtocols() : builder.protocols;
    this.cipherSuites = builder.cipherSuites == null ? List.of() : builder.cipherSuites;
    this.clock = builder.clock == null ? Clock.systemUTC() : builder.clock;
    this.keyPasswords = builder.keyPasswords == null ? file -> new char[0] : builder.keyPasswords;
    this.contexts = Caffeine.newBuilder()
        .maximumSize(builder.maximumContexts < 0 ? Builder.DEFAULT_MAXIMUM_CONTEXTS : builder.maximumContexts)
        .executor(Runnable::run)
        .build();
  }

  /**
   * Starts a builder; every setting has a default.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Loads the files of a link's TLS mode and returns the context for them: plaintext for {@link
   * TlsMode.None}, else the shared context of that content, built on first use.
   *
   * @param mode the link's TLS mode
   * @return {@link Origination.Plaintext} or an {@link OriginationContext}
   * @throws TlsMaterialException if a file is missing, malformed, mismatched, out of order or
   *     outside its validity period
   * @throws IllegalArgumentException if the {@code SNI} is not a valid host name
   */
  public Origination origination(TlsMode mode) {
    if (mode instanceof TlsMode.None) {
      return Origination.Plaintext.INSTANCE;
    }
    return origination(load(mode));
  }

  /**
   * Loads and checks the files of a one-way or mutual TLS mode, without building a context.
   *
   * @param mode a one-way or mutual mode
   * @return the material, equal to any other material read from identical bytes
   * @throws TlsMaterialException if a file is missing, malformed, mismatched, out of order or
   *     outside its validity period
   * @throws IllegalArgumentException if {@code mode} is {@link TlsMode.None}, or its {@code SNI}
   *     is not a valid host name
   */
  public OriginationMaterial load(TlsMode mode) {
    Require.argument(!(mode instanceof TlsMode.None), "mode: %s (expected: OneWay or Mutual)", mode);
    OriginationMaterial.Files files = OriginationMaterial.Files.read(mode);
    return load(files, files.digest());
  }

  OriginationMaterial load(OriginationMaterial.Files files, byte[] digest) {
    files.sni().ifPresent(TlsContexts::requireSniHostName);
    char[] password = files.mode() instanceof TlsMode.Mutual mutual ? keyPasswords.apply(Path.of(mutual.keyFile())) : new char[0];
    try {
      return OriginationMaterial.parse(files, digest, password, clock.instant());
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  private static void requireSniHostName(String sni) {
    try {
      new SNIHostName(sni);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("sni: \"" + sni + "\" (expected: a host name that can be sent as SNI)", e);
    }
  }

  /**
   * Returns the context for loaded material: the cached one when material with the same content
   * was seen before, else a new one. A cache hit allocates nothing.
   *
   * @param material the loaded material
   * @return the shared context
   */
  public OriginationContext origination(OriginationMaterial material) {
    OriginationContext context = contexts.getIfPresent(material);
    return context != null ? context : contexts.get(material, newContext);
  }

  private OriginationContext newContext(OriginationMaterial material) {
    X509ExtendedTrustManager pkix = TrustManagers.pkix(material.trust());
    TrustManager trust = material.sni().isPresent() ? new ServerNameTrustManager(pkix, material.sni().get()) : pkix;
    KeyMaterial key = material.keyMaterialOrNull();
    KeyManager[] keys = key == null ? null : new KeyManager[] {new ClientKeyManager(key)};
    OriginationContext context = new OriginationContext(material, sslContext(keys, trust), protocols, cipherSuites);
    log.info("built TLS origination context for {}", material);
    return context;
  }

  /**
   * Builds the mesh-side server context of a terminating gateway: one listener that presents the
   * leaf of the linked service named by the ClientHello's SNI and requires a client certificate
   * chained to the mesh roots whose SPIFFE ID belongs to {@code trustDomain}.
   *
   * @param trustDomain the mesh's trust domain
   * @param roots the mesh CA roots
   * @param leavesByServerName each linked service's SNI (e.g. {@code
   *     web.default.dc1.internal.<trust domain>}) mapped to its leaf; names compare ignoring case
   * @return the server context
   * @throws IllegalArgumentException if a server name is empty, has a trailing dot or empty label,
   *     is not printable ASCII, or two names differ only in case
   */
  public MeshServerTls meshServer(TrustDomain trustDomain, TrustBundle roots, Map<String, KeyMaterial> leavesByServerName) {
    SniKeyManager keys = new SniKeyManager(SniTable.of(0, leavesByServerName));
    SpiffeClientTrustManager trust = new SpiffeClientTrustManager(roots, trustDomain);
    return new MeshServerTls(sslContext(new KeyManager[] {keys}, trust), keys, trust, protocols, cipherSuites);
  }

  private static SSLContext sslContext(KeyManager[] keys, TrustManager trust) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys, new TrustManager[] {trust}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot create a TLS context", e);
    }
  }

  /**
   * Returns the protocol versions every context enables.
   *
   * @return e.g. {@code [TLSv1.3, TLSv1.2]}; immutable
   */
  public List<String> protocols() {
    return protocols;
  }

  /**
   * Returns the cipher suites every context enables.
   *
   * @return the suites in preference order, or empty for the JDK's defaults; immutable
   */
  public List<String> cipherSuites() {
    return cipherSuites;
  }

  /**
   * Returns how many distinct origination contexts are cached.
   *
   * @return the number of cached contexts
   */
  public long cachedContexts() {
    contexts.cleanUp();
    return contexts.estimatedSize();
  }

  private static List<String> defaultProtocols() {
    return List.of("TLSv1.3", "TLSv1.2");
  }

  private static SSLParameters supported() {
    try {
      return SSLContext.getDefault().getSupportedSSLParameters();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no default TLS context", e);
    }
  }

  /**
   * Settings of a {@link TlsContexts}. Each setter may be called once; {@link #build()} leaves the
   * builder unchanged, so it can build again. Not thread-safe.
   */
  public static final class Builder {
    static final long DEFAULT_MAXIMUM_CONTEXTS = 1024;

    private List<String> protocols;
    private List<String> cipherSuites;
    private Clock clock;
    private Function<Path, char[]> keyPasswords;
    private long maximumContexts = -1;

    private Builder() {}

    /**
     * Sets the protocol versions to enable, replacing the default {@code TLSv1.3, TLSv1.2}.
     *
     * @param protocols JDK protocol names, e.g. {@code TLSv1.3}; at least one
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws IllegalArgumentException if empty, or a name is not supported by this JDK
     */
    public Builder protocols(String... protocols) {
      Require.state(this.protocols == null, "protocols were already set to %s", this.protocols);
      this.protocols = supportedSubset("protocols", protocols, supported().getProtocols());
      return this;
    }

    /**
     * Sets the cipher suites to enable, replacing the JDK's defaults.
     *
     * @param cipherSuites JDK (IANA) suite names in preference order; at least one
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws IllegalArgumentException if empty, or a name is not supported by this JDK
     */
    public Builder cipherSuites(String... cipherSuites) {
      Require.state(this.cipherSuites == null, "cipher suites were already set to %s", this.cipherSuites);
      this.cipherSuites = supportedSubset("cipherSuites", cipherSuites, supported().getCipherSuites());
      return this;
    }

    private static List<String> supportedSubset(String field, String[] requested, String[] supported) {
      Require.argument(requested.length > 0, "%s: [] (expected: at least one)", field);
      List<String> known = List.of(supported);
      for (String name : requested) {
        Require.argument(known.contains(name), "%s: \"%s\" (expected: one of %s)", field, name, known);
      }
      return List.of(requested);
    }

    /**
     * Sets the clock that certificate validity is checked against (the system UTC clock by default).
     *
     * @param clock the clock
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder clock(Clock clock) {
      Require.state(this.clock == null, "clock was already set to %s", this.clock);
      this.clock = java.util.Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets where passwords of encrypted key files come from. The function returns an empty array
     * for a key that is not encrypted; the array it returns is cleared after use. By default no
     * key has a password.
     *
     * @param keyPasswords maps a {@code KeyFile} path to its password
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder keyPasswords(Function<Path, char[]> keyPasswords) {
      Require.state(this.keyPasswords == null, "key passwords were already set");
      this.keyPasswords = java.util.Objects.requireNonNull(keyPasswords, "keyPasswords");
      return this;
    }

    /**
     * Sets how many distinct origination contexts are cached (1024 by default).
     *
     * @param maximumContexts at least 1
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws IllegalArgumentException if below 1
     */
    public Builder maximumContexts(long maximumContexts) {
      Require.state(this.maximumContexts < 0, "maximum contexts was already set to %s", this.maximumContexts);
      Require.argument(maximumContexts >= 1, "maximumContexts: %s (expected: >= 1)", maximumContexts);
      this.maximumContexts = maximumContexts;
      return this;
    }

    /**
     * Builds the factory.
     *
     * @return a new factory with an empty cache
     */
    public TlsContexts build() {
      return new TlsContexts(this);
    }
  }
}
