package dev.meshgate.tls;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.meshgate.core.internal.Require;
import dev.meshgate.core.naming.TrustDomain;
import dev.meshgate.core.terminating.TlsMode;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Two caches, so that the call made per connection reads no file.
 *
 * By mode: a terminating gateway calls origination(route.tls()) for every new upstream
 * connection. Each TlsMode (a record: its equals and hashCode are its paths and SNI, computed
 * without allocating) maps to a LoadedMode holding the context in use, so a hit is one Caffeine
 * probe and one volatile read. The files are read when a mode is first asked for; after that only
 * a CertificateReloader reads them, and it replaces the mode's context when they change. A mode
 * whose files cannot be used is remembered with its problem, so a burst of connections to a broken
 * service reads nothing either. Caffeine bounds the modes (the least used are forgotten, and read
 * again when next asked for) and runs its maintenance on the calling thread, so this class starts
 * no threads.
 *
 * By content: one JDK SSLContext per distinct material set (Contour went from 40+ GiB to ~250 MiB
 * by sharing TLS contexts between the routes that use the same certificate). OriginationMaterial's
 * equality is a SHA-256 of the files' bytes, so links naming different paths to identical files
 * share one SSLContext, while each mode gets its own OriginationContext that names its own paths.
 * A shared SSLContext is kept while a remembered mode uses it: after every change the unused ones
 * are dropped, so a rotation leaves the old context to the connections still using it, not to the
 * cache.
 *
 * Every change (a load, a reload, a pin) happens under one lock, and no file is read under it.
 * Caffeine never calls back into this class (no loader, listener or weigher), so the lock order is
 * always this lock, then Caffeine's own.
 */

/**
 * Builds TLS contexts for a gateway with one set of settings (protocol versions, cipher suites,
 * clock, key passwords): origination contexts for services outside the mesh, and mesh-side server
 * contexts.
 *
 * <pre>{@code
 * TlsContexts contexts = TlsContexts.builder().build();
 * // per new upstream connection:
 * Origination origination = contexts.origination(route.tls());
 * if (origination instanceof OriginationContext tls) {
 *   SSLEngine engine = tls.newEngine("10.0.0.7", 443);
 * }
 * }</pre>
 *
 * <p>{@link #origination(TlsMode)} reads a mode's files the first time the mode is asked for and
 * remembers the result, so every later call reads no file and allocates nothing. A {@link
 * CertificateReloader} built on these contexts re-reads the files of every remembered mode and
 * replaces the context of those that changed; without one, a mode's files are read once. Modes
 * whose files are identical share one JDK {@link SSLContext}.
 *
 * <p>Thread-safe; share one instance per set of settings.
 */
public final class TlsContexts {
  private static final Logger log = LoggerFactory.getLogger(TlsContexts.class);

  private final List<String> protocols;
  private final List<String> cipherSuites;
  private final Clock clock;
  private final Function<Path, char[]> keyPasswords;
  private final Cache<TlsMode, LoadedMode> modes;
  private final Object lock = new Object();
  // Guarded by lock.
  private final Map<OriginationMaterial, SSLContext> shared = new HashMap<>();
  private final Map<TlsMode, LoadedMode> pinned = new HashMap<>();
  private CertificateReloader reloader;

  private TlsContexts(Builder builder) {
    this.protocols = builder.protocols == null ? defaultProtocols() : builder.protocols;
    this.cipherSuites = builder.cipherSuites == null ? List.of() : builder.cipherSuites;
    this.clock = builder.clock == null ? Clock.systemUTC() : builder.clock;
    this.keyPasswords = builder.keyPasswords == null ? file -> new char[0] : builder.keyPasswords;
    this.modes = Caffeine.newBuilder()
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
   * Returns the origination for a link's TLS mode: the call to make for each new connection.
   * Plaintext for {@link TlsMode.None}; else the context of the mode's files, read and checked the
   * first time the mode is asked for. Later calls read no file and allocate nothing: they return
   * the remembered context, which a {@link CertificateReloader} on these contexts replaces when
   * the files change, or throw the remembered problem again until the reloader finds the files
   * fixed.
   *
   * @param mode the link's TLS mode
   * @return {@link Origination.Plaintext} or an {@link OriginationContext} that names this mode's
   *     files
   * @throws TlsMaterialException if a file is missing, not a regular file, malformed, mismatched,
   *     out of order or outside its validity period
   * @throws IllegalArgumentException if the {@code SNI} is not a valid host name
   */
  public Origination origination(TlsMode mode) {
    if (mode instanceof TlsMode.None) {
      return Origination.Plaintext.INSTANCE;
    }
    LoadedMode loaded = modes.getIfPresent(mode);
    return (loaded != null ? loaded : loadMode(mode)).origination();
  }

  /**
   * Loads and checks the files of a one-way or mutual TLS mode, without building or remembering a
   * context: for validating a configuration before it is used.
   *
   * @param mode a one-way or mutual mode
   * @return the material, equal to any other material read from identical bytes
   * @throws TlsMaterialException if a file is missing, not a regular file, malformed, mismatched,
   *     out of order or outside its validity period
   * @throws IllegalArgumentException if {@code mode} is {@link TlsMode.None}, or its {@code SNI}
   *     is not a valid host name
   */
  public OriginationMaterial load(TlsMode mode) {
    Require.argument(!(mode instanceof TlsMode.None), "mode: %s (expected: OneWay or Mutual)", mode);
    requireSniHostName(mode);
    OriginationMaterial.Files files = OriginationMaterial.Files.read(mode);
    return load(files, files.digest());
  }

  OriginationMaterial load(OriginationMaterial.Files files, byte[] digest) {
    TlsMode mode = files.mode();
    char[] password = mode instanceof TlsMode.Mutual mutual ? keyPasswords.apply(Path.of(mutual.keyFile())) : new char[0];
    try {
      return OriginationMaterial.parse(files, digest, password, clock.instant());
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  private static void requireSniHostName(TlsMode mode) {
    Optional<String> sni = mode instanceof TlsMode.OneWay oneWay ? oneWay.sni() : ((TlsMode.Mutual) mode).sni();
    if (sni.isPresent()) {
      try {
        new SNIHostName(sni.get());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("sni: \"" + sni.get() + "\" (expected: a host name that can be sent as SNI)", e);
      }
    }
  }

  /** A first read of a mode's files: the entry to remember, and the material if it is usable. */
  private record Attempt(LoadedMode entry, OriginationMaterial material, byte[] digest) {}

  /** Reads and checks a mode's files with no lock held, so a slow file delays only its caller. */
  private Attempt attempt(TlsMode mode) {
    OriginationMaterial.Files files;
    try {
      files = OriginationMaterial.Files.read(mode);
    } catch (TlsMaterialException e) {
      return new Attempt(LoadedMode.unreadable(mode, e), null, null);
    }
    byte[] digest = files.digest();
    try {
      return new Attempt(LoadedMode.loaded(mode, null, digest), load(files, digest), digest);
    } catch (TlsMaterialException e) {
      return new Attempt(LoadedMode.unusable(mode, e, digest), null, digest);
    }
  }

  private LoadedMode loadMode(TlsMode mode) {
    requireSniHostName(mode);
    synchronized (lock) {
      LoadedMode known = known(mode);
      if (known != null) {
        return known;
      }
    }
    Attempt attempt = attempt(mode);
    synchronized (lock) {
      LoadedMode known = known(mode);
      if (known != null) {
        return known; // another caller loaded it meanwhile
      }
      if (attempt.material() != null) {
        attempt.entry().swap(contextFor(attempt.material()));
      } else {
        log.warn("cannot use the TLS files of {}: {}", mode, attempt.entry().failureOrNull().getMessage());
      }
      modes.put(mode, attempt.entry());
      dropUnusedContexts();
      return attempt.entry();
    }
  }

  /** The remembered entry of a mode, putting a pinned one the cache forgot back; lock held. */
  private LoadedMode known(TlsMode mode) {
    LoadedMode known = modes.getIfPresent(mode);
    if (known == null) {
      known = pinned.get(mode);
      if (known != null) {
        modes.put(mode, known);
      }
    }
    return known;
  }

  /** A context naming this material's paths over the shared JDK context of its content; lock held. */
  private OriginationContext contextFor(OriginationMaterial material) {
    SSLContext sslContext = shared.get(material);
    if (sslContext == null) {
      TrustManager trust = new UpstreamTrustManager(material.trust(), material.sni().orElse(null), clock);
      KeyMaterial key = material.keyMaterialOrNull();
      KeyManager[] keys = key == null ? null : new KeyManager[] {new ClientKeyManager(key)};
      sslContext = sslContext(keys, trust);
      shared.put(material, sslContext);
      log.info("built TLS origination context for {}", material);
    }
    return new OriginationContext(material, sslContext, protocols, cipherSuites);
  }

  /** Drops the shared JDK contexts that no remembered mode uses; lock held. */
  private void dropUnusedContexts() {
    modes.cleanUp();
    Set<OriginationMaterial> used = new HashSet<>();
    for (LoadedMode mode : modes.asMap().values()) {
      addUsed(mode, used);
    }
    for (LoadedMode mode : pinned.values()) {
      addUsed(mode, used);
    }
    shared.keySet().retainAll(used);
  }

  private static void addUsed(LoadedMode mode, Set<OriginationMaterial> used) {
    OriginationContext context = mode.contextOrNull();
    if (context != null) {
      used.add(context.material());
    }
  }

  /** Binds the one open reloader of these contexts. */
  void attach(CertificateReloader next) {
    synchronized (lock) {
      Require.state(reloader == null,
          "these TlsContexts already have an open CertificateReloader (expected: one reloader per TlsContexts)");
      reloader = next;
    }
  }

  void detach(CertificateReloader closed) {
    synchronized (lock) {
      if (reloader == closed) {
        reloader = null;
      }
    }
  }

  /** Every mode the reloader must poll: the remembered ones and the pinned ones the cache forgot. */
  List<LoadedMode> liveModes() {
    synchronized (lock) {
      modes.cleanUp();
      List<LoadedMode> live = new ArrayList<>(modes.asMap().values());
      for (LoadedMode mode : pinned.values()) {
        if (modes.getIfPresent(mode.mode()) != mode) {
          live.add(mode);
        }
      }
      return live;
    }
  }

  /**
   * Loads a mode for a watch and keeps it remembered until {@code unpin}: a usable remembered
   * mode is taken as it is; otherwise the files are read now, and a problem is thrown without
   * being remembered.
   */
  LoadedMode pin(TlsMode mode) {
    requireSniHostName(mode);
    synchronized (lock) {
      LoadedMode known = known(mode);
      if (known != null && known.usable()) {
        return pinned(known);
      }
    }
    Attempt attempt = attempt(mode);
    if (attempt.material() == null) {
      throw attempt.entry().failureOrNull().rethrown();
    }
    synchronized (lock) {
      LoadedMode known = known(mode);
      LoadedMode entry;
      if (known == null) {
        entry = attempt.entry();
        entry.swap(contextFor(attempt.material()));
        modes.put(mode, entry);
      } else if (!known.usable()) {
        entry = known;
        entry.changed(attempt.digest());
        entry.readSucceeded();
        entry.swap(contextFor(attempt.material()));
      } else {
        entry = known; // loaded by another caller meanwhile
      }
      pinned(entry);
      dropUnusedContexts();
      return entry;
    }
  }

  private LoadedMode pinned(LoadedMode entry) {
    entry.pins++;
    pinned.put(entry.mode(), entry);
    return entry;
  }

  void unpin(LoadedMode entry) {
    synchronized (lock) {
      if (entry.pins > 0 && --entry.pins == 0) {
        pinned.remove(entry.mode(), entry);
        dropUnusedContexts();
      }
    }
  }

  /** The reloader found new usable files for a mode: swap its context in. */
  OriginationContext reloaded(LoadedMode entry, OriginationMaterial material) {
    synchronized (lock) {
      OriginationContext context = contextFor(material);
      entry.swap(context);
      dropUnusedContexts();
      return context;
    }
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
    SpiffeClientTrustManager trust = new SpiffeClientTrustManager(roots, trustDomain, clock);
    return new MeshServerTls(sslContext(new KeyManager[] {keys}, trust), keys, trust, protocols, cipherSuites);
  }

  /**
   * Builds the mesh-side client context of a gateway that dials mesh services: it presents {@code
   * leaf} and accepts a server only with a chain to {@code roots} and exactly the SPIFFE ID asked
   * for per connection (see {@link MeshClientTls}).
   *
   * @param leaf the gateway's own leaf certificate and key
   * @param roots the mesh CA roots
   * @return the client context
   * @throws NullPointerException if an argument is null
   */
  public MeshClientTls meshClient(KeyMaterial leaf, TrustBundle roots) {
    Objects.requireNonNull(leaf, "leaf");
    Objects.requireNonNull(roots, "roots");
    return new MeshClientTls(leaf, roots, clock, protocols, cipherSuites);
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
   * Returns how many distinct JDK contexts the remembered modes use: one per distinct content of
   * files, whatever the number of modes that share it. Contexts that no remembered mode uses any
   * more (rotated out, or of forgotten modes) are not counted: they are dropped.
   *
   * @return the number of cached contexts
   */
  public long cachedContexts() {
    synchronized (lock) {
      dropUnusedContexts();
      return shared.size();
    }
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
      this.clock = Require.once(this.clock, clock, "clock");
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
      this.keyPasswords = Require.notNull(keyPasswords, "keyPasswords");
      return this;
    }

    /**
     * Sets how many TLS modes are remembered with their contexts (1024 by default). Beyond it the
     * least used are forgotten and their files read again when next asked for, so set it above
     * the number of TLS links the gateway serves.
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
