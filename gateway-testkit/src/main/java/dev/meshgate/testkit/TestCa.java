package dev.meshgate.testkit;

import dev.meshgate.core.naming.SpiffeId;
import dev.meshgate.core.naming.TrustDomain;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A small certificate authority for tests: a root (for a mesh, one per trust domain, carrying the
 * trust domain's signing ID {@code spiffe://<trust domain>} as its URI SAN, as Consul's roots do),
 * intermediates, SPIFFE leaf certificates for services, server certificates with DNS and IP SANs,
 * client certificates, and expired or not-yet-valid variants of any of them. {@link
 * IssuedCertificate} writes the results as PEM in every key format the loader accepts.
 *
 * <pre>{@code
 * TestCa ca = TestCa.forTrustDomain(new TrustDomain("11111111-2222-3333-4444-555555555555.consul"));
 * IssuedCertificate web = ca.leaf(SpiffeId.Service.of(ca.trustDomain().orElseThrow(), "", "dc1", "web"));
 * IssuedCertificate api = ca.server("api.example.com", "127.0.0.1");
 * IssuedCertificate old = ca.issue().dnsName("old.example.com").expired().build();
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe; the {@link Request}s they hand out are not. Keys are
 * generated with the JDK's providers. Test material only: nothing protects the keys in memory.
 */
public final class TestCa {
  private static final Duration ROOT_VALIDITY = Duration.ofDays(3650);
  private static final Duration LEAF_VALIDITY = Duration.ofDays(30);
  private static final Duration BACKDATE = Duration.ofHours(1);

  private final String name;
  private final Optional<TrustDomain> trustDomain;
  private final IssuedCertificate self;
  private final X509Certificate root;
  private final Clock clock;
  private final SecureRandom random;

  private TestCa(String name, Optional<TrustDomain> trustDomain, IssuedCertificate self, X509Certificate root,
      Clock clock, SecureRandom random) {
    this.name = name;
    this.trustDomain = trustDomain;
    this.self = self;
    this.root = root;
    this.clock = clock;
    this.random = random;
  }

  /**
   * Creates a mesh root for a trust domain, with an EC P-256 key, valid from an hour ago for ten
   * years.
   *
   * @param trustDomain the trust domain; the root's URI SAN is {@code spiffe://<trust domain>}
   * @return the CA
   */
  public static TestCa forTrustDomain(TrustDomain trustDomain) {
    return create("meshgate test root " + trustDomain.value(), Optional.of(trustDomain), KeyType.EC_P256, Clock.systemUTC());
  }

  /**
   * Creates a plain root, e.g. the CA of a service outside the mesh.
   *
   * @param commonName the root's common name
   * @return the CA, with an EC P-256 key, valid from an hour ago for ten years
   */
  public static TestCa named(String commonName) {
    return create(commonName, Optional.empty(), KeyType.EC_P256, Clock.systemUTC());
  }

  /**
   * Creates a root with every choice explicit.
   *
   * @param commonName the root's common name
   * @param trustDomain the trust domain for a mesh root, or empty for a plain root
   * @param keyType the root's key type
   * @param clock the clock validity periods are computed from
   * @return the CA
   */
  public static TestCa create(String commonName, Optional<TrustDomain> trustDomain, KeyType keyType, Clock clock) {
    SecureRandom random = new SecureRandom();
    KeyPair keyPair = generate(keyType);
    X500Name subject = commonNameOf(commonName);
    Instant now = clock.instant();
    List<GeneralName> sans = new ArrayList<>();
    trustDomain.ifPresent(td -> sans.add(new GeneralName(GeneralName.uniformResourceIdentifier, td.signingId())));
    X509Certificate root = sign(subject, subject, keyPair, keyPair, keyType, now.minus(BACKDATE), now.plus(ROOT_VALIDITY),
        sans, true, random);
    return new TestCa(commonName, trustDomain, new IssuedCertificate(root, List.of(root), keyPair, keyType), root, clock,
        random);
  }

  /**
   * Returns the trust domain of a mesh root.
   *
   * @return the trust domain, or empty for a plain root
   */
  public Optional<TrustDomain> trustDomain() {
    return trustDomain;
  }

  /**
   * Returns the root certificate (for an intermediate CA, the root it chains to).
   *
   * @return the self-signed root
   */
  public X509Certificate root() {
    return root;
  }

  /**
   * Returns this CA's own certificate and key: the root itself, or an intermediate.
   *
   * @return the CA certificate
   */
  public IssuedCertificate certificate() {
    return self;
  }

  /**
   * Returns the root certificate as PEM.
   *
   * @return one {@code CERTIFICATE} block
   */
  public String rootPem() {
    return IssuedCertificate.pem(root);
  }

  /**
   * Writes {@link #rootPem()} to a file, replacing it: a {@code CAFile}.
   *
   * @param file the target
   * @return {@code file}
   * @throws java.io.UncheckedIOException if the file cannot be written
   */
  public Path writeRoot(Path file) {
    return IssuedCertificate.write(file, rootPem());
  }

  /**
   * Returns the CA's common name, a label for trust bundles and logs.
   *
   * @return the name the CA was created with
   */
  public String name() {
    return name;
  }

  /**
   * Starts a certificate request. By default: an EC P-256 key, valid from an hour ago for 30 days,
   * usable for server and client authentication, with no subject alternative names.
   *
   * @return a new request
   */
  public Request issue() {
    return new Request();
  }

  /**
   * Issues a SPIFFE leaf for a workload, as Consul's CA does: the ID as the only URI SAN.
   *
   * @param id the workload's ID, e.g. a service in any partition
   * @return the leaf
   */
  public IssuedCertificate leaf(SpiffeId id) {
    return issue().spiffeId(id).build();
  }

  /**
   * Issues a server certificate whose SANs are the given names: IP literals become IP SANs, the
   * rest DNS SANs. The first name is also the common name.
   *
   * @param names at least one host name or IP literal
   * @return the certificate
   */
  public IssuedCertificate server(String... names) {
    Request request = issue().commonName(names[0]);
    for (String name : names) {
      if (isIpLiteral(name)) {
        request.ipAddress(name);
      } else {
        request.dnsName(name);
      }
    }
    return request.build();
  }

  /**
   * Issues a client certificate with a common name and no SANs.
   *
   * @param commonName the subject's common name
   * @return the certificate
   */
  public IssuedCertificate client(String commonName) {
    return issue().commonName(commonName).build();
  }

  /**
   * Issues an intermediate CA below this one; its certificates chain through it.
   *
   * @param commonName the intermediate's common name
   * @return the intermediate CA
   */
  public TestCa intermediate(String commonName) {
    IssuedCertificate issued = issue().commonName(commonName).certificateAuthority().build();
    return new TestCa(commonName, trustDomain, issued, root, clock, random);
  }

  private static boolean isIpLiteral(String name) {
    return name.indexOf(':') >= 0 || name.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
  }

  /**
   * One certificate to issue. Each setter returns this request; {@link #build()} may be called
   * more than once and issues a fresh key and certificate each time. Not thread-safe.
   */
  public final class Request {
    private String commonName = "meshgate test leaf";
    private final List<GeneralName> sans = new ArrayList<>();
    private KeyType keyType = KeyType.EC_P256;
    private Instant notBefore;
    private Instant notAfter;
    private boolean certificateAuthority;

    private Request() {
      Instant now = clock.instant();
      notBefore = now.minus(BACKDATE);
      notAfter = now.plus(LEAF_VALIDITY);
    }

    /**
     * Sets the subject's common name.
     *
     * @param commonName the common name
     * @return this request
     */
    public Request commonName(String commonName) {
      this.commonName = commonName;
      return this;
    }

    /**
     * Adds a SPIFFE ID as a URI SAN and makes its service (or gateway) name the common name.
     *
     * @param id the ID
     * @return this request
     */
    public Request spiffeId(SpiffeId id) {
      if (id instanceof SpiffeId.Service service) {
        commonName = service.service();
      }
      return uri(id.uri());
    }

    /**
     * Adds any URI SAN, e.g. a second SPIFFE ID to test that it is rejected.
     *
     * @param uri the URI text
     * @return this request
     */
    public Request uri(String uri) {
      sans.add(new GeneralName(GeneralName.uniformResourceIdentifier, uri));
      return this;
    }

    /**
     * Adds a DNS SAN.
     *
     * @param dnsName a host name, or a wildcard such as {@code *.example.com}
     * @return this request
     */
    public Request dnsName(String dnsName) {
      sans.add(new GeneralName(GeneralName.dNSName, dnsName));
      return this;
    }

    /**
     * Adds an IP SAN.
     *
     * @param ipLiteral an IPv4 or IPv6 literal
     * @return this request
     */
    public Request ipAddress(String ipLiteral) {
      sans.add(new GeneralName(GeneralName.iPAddress, ipLiteral));
      return this;
    }

    /**
     * Sets the key type.
     *
     * @param keyType the key type
     * @return this request
     */
    public Request keyType(KeyType keyType) {
      this.keyType = keyType;
      return this;
    }

    /**
     * Sets the validity period.
     *
     * @param notBefore the start
     * @param notAfter the end
     * @return this request
     */
    public Request validity(Instant notBefore, Instant notAfter) {
      this.notBefore = notBefore;
      this.notAfter = notAfter;
      return this;
    }

    /**
     * Makes the certificate expired: valid from two days ago until one day ago.
     *
     * @return this request
     */
    public Request expired() {
      Instant now = clock.instant();
      return validity(now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)));
    }

    /**
     * Makes the certificate not yet valid: valid from tomorrow for a day.
     *
     * @return this request
     */
    public Request notYetValid() {
      Instant now = clock.instant();
      return validity(now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(2)));
    }

    /**
     * Makes the certificate a CA that may sign others.
     *
     * @return this request
     */
    public Request certificateAuthority() {
      this.certificateAuthority = true;
      return this;
    }

    /**
     * Generates a key and issues the certificate.
     *
     * @return the certificate, its chain below the root, and its key pair
     */
    public IssuedCertificate build() {
      KeyPair keyPair = generate(keyType);
      X509Certificate certificate = sign(commonNameOf(commonName), self.certificate(), keyPair, self.keyPair(),
          self.keyType(), notBefore, notAfter, sans, certificateAuthority, random);
      List<X509Certificate> chain = new ArrayList<>();
      chain.add(certificate);
      if (self.certificate() != root) {
        chain.addAll(self.chain());
      }
      return new IssuedCertificate(certificate, chain, keyPair, keyType);
    }
  }

  private static X500Name commonNameOf(String commonName) {
    return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
  }

  private static X509Certificate sign(X500Name subject, X509Certificate issuer, KeyPair subjectKeys,
      KeyPair issuerKeys, KeyType issuerKeyType, Instant notBefore, Instant notAfter, List<GeneralName> sans,
      boolean ca, SecureRandom random) {
    return sign(X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded()), subject, subjectKeys, issuerKeys,
        issuerKeyType, notBefore, notAfter, sans, ca, random);
  }

  private static X509Certificate sign(X500Name issuer, X500Name subject, KeyPair subjectKeys, KeyPair issuerKeys,
      KeyType issuerKeyType, Instant notBefore, Instant notAfter, List<GeneralName> sans, boolean ca,
      SecureRandom random) {
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, random).add(BigInteger.ONE),
          Date.from(notBefore), Date.from(notAfter), subject, subjectKeys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
      builder.addExtension(Extension.subjectKeyIdentifier, false,
          extensions.createSubjectKeyIdentifier(subjectKeys.getPublic()));
      builder.addExtension(Extension.authorityKeyIdentifier, false,
          extensions.createAuthorityKeyIdentifier(issuerKeys.getPublic()));
      if (ca) {
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      } else {
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        builder.addExtension(Extension.extendedKeyUsage, false,
            new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
      }
      if (!sans.isEmpty()) {
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(new GeneralName[0])));
      }
      return new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder(signatureAlgorithm(issuerKeyType)).build(issuerKeys.getPrivate())));
    } catch (CertIOException | OperatorCreationException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot issue a certificate for " + subject, e);
    }
  }

  private static String signatureAlgorithm(KeyType keyType) {
    switch (keyType) {
      case RSA_2048:
        return "SHA256withRSA";
      case ED25519:
        return "Ed25519";
      default:
        return "SHA256withECDSA";
    }
  }

  private static KeyPair generate(KeyType keyType) {
    try {
      switch (keyType) {
        case RSA_2048: {
          KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
          generator.initialize(2048);
          return generator.generateKeyPair();
        }
        case ED25519:
          return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        default: {
          KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
          generator.initialize(new ECGenParameterSpec("secp256r1"));
          return generator.generateKeyPair();
        }
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot generate " + keyType + " keys", e);
    }
  }

  @Override
  public String toString() {
    return "TestCa[" + name + trustDomain.map(td -> ", trustDomain=" + td).orElse("") + "]";
  }
}
