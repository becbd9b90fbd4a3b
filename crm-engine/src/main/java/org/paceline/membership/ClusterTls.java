package org.paceline.membership;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.Set;
import java.util.function.BiConsumer;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.jgroups.util.DefaultSocketFactory;
import org.jgroups.util.SocketFactory;

/**
 * Cluster transport security with the cluster CA: every node holds a certificate signed by the CA
 * ({@link ClusterCa}); cluster connections are TLS with mutual authentication (the server demands
 * the client's certificate: JGroups' {@code client_auth=NEED}) and trust nothing but the CA. Read
 * with the JDK alone: the daemon needs no BouncyCastle.
 *
 * <p>A refused handshake (a certificate from another CA, no certificate, not TLS at all) is
 * reported to {@link #onRefusal} with the peer's address and the reason; JGroups itself would only
 * log it at trace level.
 */
public final class ClusterTls implements TransportSecurity {
  static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  /** TLS versions offered on cluster connections. */
  static final String[] PROTOCOLS = {"TLSv1.3"};

  /**
   * Longest an accepted connection may take to complete its handshake (the acceptor thread waits
   * for it, as JGroups waits for the peer's address on a plain connection).
   */
  public static final int HANDSHAKE_TIMEOUT_MS = 2_000;

  /**
   * Longest an outgoing connection may wait for the peer's side of the handshake. A plain TCP
   * connection to a hung (SIGSTOPped) peer completes in the kernel; a TLS handshake needs the
   * peer's process, and without a bound the sender waited forever and looked dead to everyone else
   * (seen in MembershipFailureDetectionTest).
   */
  public static final int CLIENT_HANDSHAKE_TIMEOUT_MS = 1_000;

  /** A certificate with its private key. */
  public record Material(X509Certificate certificate, PrivateKey key) {
    @Override
    public String toString() {
      return "Material[" + certificate.getSubjectX500Principal() + ", key hidden]";
    }
  }

  private final X509Certificate ca;
  private final Material node;
  private volatile BiConsumer<String, String> onRefusal = (peer, why) -> {};

  private ClusterTls(X509Certificate ca, Material node) {
    this.ca = ca;
    this.node = node;
  }

  /**
   * Reads the CA and this node's certificate and key from {@code pkiDir}, checking modes, that the
   * node certificate is signed by the CA and that both are valid now.
   */
  public static ClusterTls load(Path pkiDir) throws IOException {
    X509Certificate ca = readCertificate(pkiDir.resolve(ClusterCa.CA_CERT));
    X509Certificate cert = readCertificate(pkiDir.resolve(ClusterCa.NODE_CERT));
    PrivateKey key = readKey(pkiDir.resolve(ClusterCa.NODE_KEY));
    try {
      cert.verify(ca.getPublicKey());
    } catch (GeneralSecurityException e) {
      throw new IOException(
          pkiDir.resolve(ClusterCa.NODE_CERT)
              + ": not signed by the cluster CA in "
              + pkiDir.resolve(ClusterCa.CA_CERT)
              + " ("
              + e.getMessage()
              + ")");
    }
    checkValid(ca, pkiDir.resolve(ClusterCa.CA_CERT));
    checkValid(cert, pkiDir.resolve(ClusterCa.NODE_CERT));
    ClusterTls t = new ClusterTls(ca, new Material(cert, key));
    t.sslContext(); // fails here, at start, if the key does not belong to the certificate
    return t;
  }

  /** Reads the CA certificate and key (the key 0600 and belonging to the certificate). */
  public static Material readCa(Path dir) throws IOException {
    X509Certificate ca = readCertificate(dir.resolve(ClusterCa.CA_CERT));
    PrivateKey key = readKey(dir.resolve(ClusterCa.CA_KEY));
    try {
      java.security.Signature s = java.security.Signature.getInstance(ClusterCa.SIGNATURE);
      byte[] probe = "paceline".getBytes(StandardCharsets.US_ASCII);
      s.initSign(key);
      s.update(probe);
      byte[] sig = s.sign();
      s.initVerify(ca.getPublicKey());
      s.update(probe);
      if (!s.verify(sig)) {
        throw new IOException(
            dir.resolve(ClusterCa.CA_KEY)
                + ": does not belong to "
                + dir.resolve(ClusterCa.CA_CERT));
      }
    } catch (GeneralSecurityException e) {
      throw new IOException(
          dir.resolve(ClusterCa.CA_KEY)
              + ": cannot use it with "
              + dir.resolve(ClusterCa.CA_CERT)
              + " ("
              + e.getMessage()
              + ")");
    }
    return new Material(ca, key);
  }

  /** This node's certificate. */
  public X509Certificate certificate() {
    return node.certificate();
  }

  /** The CA certificate (the only trust anchor). */
  public X509Certificate caCertificate() {
    return ca;
  }

  /** Who hears of refused handshakes: the peer's address and the reason. */
  public void onRefusal(BiConsumer<String, String> sink) {
    this.onRefusal = sink;
  }

  /**
   * An SSL context with this node's key and certificate that trusts only the cluster CA; peers
   * whose certificate the CA did not sign are refused with a message that says so.
   */
  public SSLContext sslContext() throws IOException {
    try {
      char[] pw = new char[0];
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("node", node.key(), pw, new X509Certificate[] {node.certificate(), ca});
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, pw);
      KeyStore ts = KeyStore.getInstance("PKCS12");
      ts.load(null, null);
      ts.setCertificateEntry("cluster-ca", ca);
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ts);
      X509ExtendedTrustManager pkix = null;
      for (TrustManager tm : tmf.getTrustManagers()) {
        if (tm instanceof X509ExtendedTrustManager x) {
          pkix = x;
        }
      }
      SSLContext ctx = SSLContext.getInstance("TLSv1.3");
      ctx.init(
          kmf.getKeyManagers(),
          new TrustManager[] {new ClusterTrust(pkix, ca)},
          new SecureRandom());
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot set up TLS with this node's certificate: " + e.getMessage(), e);
    }
  }

  /**
   * The JGroups socket factory for the TCP transport: TLS 1.3 with {@code client_auth=NEED} (as
   * JGroups' own {@code TLS} sets it up), and every accepted connection handshakes before JGroups
   * sees it, so a refused peer is reported instead of dropped silently.
   */
  public SocketFactory jgroupsSocketFactory() throws IOException {
    DefaultSocketFactory d = new DefaultSocketFactory(sslContext());
    d.setServerSocketConfigurator(
        s -> {
          SSLServerSocket ss = (SSLServerSocket) s;
          SSLParameters p = ss.getSSLParameters();
          p.setProtocols(PROTOCOLS);
          p.setNeedClientAuth(true);
          ss.setSSLParameters(p);
        });
    d.setSocketConfigurator(
        s -> {
          if (s instanceof SSLSocket ssl) {
            SSLParameters p = ssl.getSSLParameters();
            p.setProtocols(PROTOCOLS);
            ssl.setSSLParameters(p);
            try {
              // Bounds the handshake; lifted once it completes (JGroups reads without a timeout).
              ssl.setSoTimeout(CLIENT_HANDSHAKE_TIMEOUT_MS);
              ssl.addHandshakeCompletedListener(
                  e -> {
                    try {
                      e.getSocket().setSoTimeout(0);
                    } catch (SocketException ignored) {
                      // Closed meanwhile: nothing to lift.
                    }
                  });
            } catch (SocketException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }
        });
    return new HandshakingFactory(d, (peer, why) -> onRefusal.accept(peer, why));
  }

  @Override
  public String toString() {
    return "ClusterTls[" + node.certificate().getSubjectX500Principal() + ", keys hidden]";
  }

  // ------------------------------------------------------------------------------ reading files

  static X509Certificate readCertificate(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(
          file
              + ": certificate not found (run 'crm cluster start' on the first node, or 'crm"
              + " cluster join' on the others)");
    }
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(file)));
    } catch (CertificateException | ClassCastException e) {
      throw new IOException(file + ": not a PEM X.509 certificate (" + e.getMessage() + ")");
    }
  }

  static PrivateKey readKey(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(
          file
              + ": private key not found (run 'crm cluster start' on the first node, or 'crm"
              + " cluster join' on the others)");
    }
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
    if (!OWNER_ONLY.containsAll(perms)) {
      throw new IOException(
          file
              + ": private key has mode "
              + PosixFilePermissions.toString(perms)
              + ", expected rw------- (0600); fix with: chmod 600 "
              + file);
    }
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    String begin = "-----BEGIN PRIVATE KEY-----";
    String end = "-----END PRIVATE KEY-----";
    int b = text.indexOf(begin);
    int e = text.indexOf(end);
    if (b < 0 || e < b) {
      throw new IOException(file + ": expected a PKCS#8 PEM key (" + begin + ")");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e));
    } catch (IllegalArgumentException ex) {
      throw new IOException(file + ": the PEM key is not valid base64");
    }
    try {
      return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException ex) {
      throw new IOException(file + ": not an EC private key (" + ex.getMessage() + ")");
    } finally {
      Arrays.fill(der, (byte) 0);
    }
  }

  private static void checkValid(X509Certificate c, Path file) throws IOException {
    try {
      c.checkValidity(new Date());
    } catch (CertificateException e) {
      throw new IOException(file + ": certificate not valid now (" + e.getMessage() + ")");
    }
  }

  // ------------------------------------------------------------------------------ trust

  /** PKIX against the cluster CA alone, with a refusal that names both certificates. */
  private static final class ClusterTrust extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager pkix;
    private final X509Certificate ca;

    ClusterTrust(X509ExtendedTrustManager pkix, X509Certificate ca) {
      this.pkix = pkix;
      this.ca = ca;
    }

    private CertificateException explain(X509Certificate[] chain, CertificateException e) {
      if (chain == null || chain.length == 0) {
        return new CertificateException("peer sent no certificate", e);
      }
      return new CertificateException(
          "peer certificate '"
              + chain[0].getSubjectX500Principal()
              + "' issued by '"
              + chain[0].getIssuerX500Principal()
              + "' is not signed by this cluster's CA '"
              + ca.getSubjectX500Principal()
              + "'",
          e);
    }

    /** A PKIX check whose refusal is rewritten by {@link #explain}. */
    private interface Check {
      void run() throws CertificateException;
    }

    private void explained(X509Certificate[] chain, Check check) throws CertificateException {
      try {
        check.run();
      } catch (CertificateException e) {
        throw explain(chain, e);
      }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket s)
        throws CertificateException {
      explained(chain, () -> pkix.checkClientTrusted(chain, authType, s));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket s)
        throws CertificateException {
      explained(chain, () -> pkix.checkServerTrusted(chain, authType, s));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine e)
        throws CertificateException {
      explained(chain, () -> pkix.checkClientTrusted(chain, authType, e));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine e)
        throws CertificateException {
      explained(chain, () -> pkix.checkServerTrusted(chain, authType, e));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      explained(chain, () -> pkix.checkClientTrusted(chain, authType));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      explained(chain, () -> pkix.checkServerTrusted(chain, authType));
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[] {ca};
    }
  }

  // ------------------------------------------------------------------------------ sockets

  /** Delegates to JGroups' factory; wraps server sockets so accepted ones handshake first. */
  private static final class HandshakingFactory implements SocketFactory {
    private final DefaultSocketFactory d;
    private final BiConsumer<String, String> refusals;

    HandshakingFactory(DefaultSocketFactory d, BiConsumer<String, String> refusals) {
      this.d = d;
      this.refusals = refusals;
    }

    @Override
    public Socket createSocket(String s) throws IOException {
      return d.createSocket(s);
    }

    @Override
    public Socket createSocket(String s, String host, int port) throws IOException {
      return d.createSocket(s, host, port);
    }

    @Override
    public Socket createSocket(String s, InetAddress host, int port) throws IOException {
      return d.createSocket(s, host, port);
    }

    @Override
    public Socket createSocket(String s, String host, int port, InetAddress la, int lp)
        throws IOException {
      return d.createSocket(s, host, port, la, lp);
    }

    @Override
    public Socket createSocket(String s, InetAddress host, int port, InetAddress la, int lp)
        throws IOException {
      return d.createSocket(s, host, port, la, lp);
    }

    @Override
    public ServerSocket createServerSocket(String s) throws IOException {
      return new HandshakingServerSocket((SSLServerSocket) d.createServerSocket(s), refusals);
    }

    @Override
    public ServerSocket createServerSocket(String s, int port) throws IOException {
      return new HandshakingServerSocket((SSLServerSocket) d.createServerSocket(s, port), refusals);
    }

    @Override
    public ServerSocket createServerSocket(String s, int port, int backlog) throws IOException {
      return new HandshakingServerSocket(
          (SSLServerSocket) d.createServerSocket(s, port, backlog), refusals);
    }

    @Override
    public ServerSocket createServerSocket(String s, int port, int backlog, InetAddress bind)
        throws IOException {
      return new HandshakingServerSocket(
          (SSLServerSocket) d.createServerSocket(s, port, backlog, bind), refusals);
    }

    // NIO channels (the interface's plain defaults) are FD_SOCK2's: it only watches whether a
    // neighbour's process is alive; suspicions it raises are verified over the TLS transport.

    @Override
    public java.net.DatagramSocket createDatagramSocket(String s) throws SocketException {
      return d.createDatagramSocket(s);
    }

    @Override
    public java.net.DatagramSocket createDatagramSocket(String s, SocketAddress a)
        throws SocketException {
      return d.createDatagramSocket(s, a);
    }

    @Override
    public java.net.DatagramSocket createDatagramSocket(String s, int port) throws SocketException {
      return d.createDatagramSocket(s, port);
    }

    @Override
    public java.net.DatagramSocket createDatagramSocket(String s, int port, InetAddress a)
        throws SocketException {
      return d.createDatagramSocket(s, port, a);
    }

    @Override
    public java.net.MulticastSocket createMulticastSocket(String s) throws IOException {
      return d.createMulticastSocket(s);
    }

    @Override
    public java.net.MulticastSocket createMulticastSocket(String s, int port) throws IOException {
      return d.createMulticastSocket(s, port);
    }

    @Override
    public java.net.MulticastSocket createMulticastSocket(String s, SocketAddress a)
        throws IOException {
      return d.createMulticastSocket(s, a);
    }

    @Override
    public void close(Socket s) throws IOException {
      d.close(s);
    }

    @Override
    public void close(ServerSocket s) throws IOException {
      s.close();
    }

    @Override
    public void close(java.net.DatagramSocket s) {
      d.close(s);
    }
  }

  /**
   * An SSL server socket whose {@link #accept()} completes the TLS handshake (bounded by {@link
   * #HANDSHAKE_TIMEOUT_MS}) and reports a refused peer, then keeps accepting. JGroups' acceptor did
   * the handshake on the same thread anyway (reading the peer's address), so nothing new blocks.
   */
  private static final class HandshakingServerSocket extends ServerSocket {
    private final SSLServerSocket s;
    private final BiConsumer<String, String> refusals;

    HandshakingServerSocket(SSLServerSocket s, BiConsumer<String, String> refusals)
        throws IOException {
      this.s = s;
      this.refusals = refusals;
    }

    @Override
    public Socket accept() throws IOException {
      while (true) {
        SSLSocket c = (SSLSocket) s.accept();
        int before = c.getSoTimeout();
        try {
          c.setSoTimeout(HANDSHAKE_TIMEOUT_MS);
          c.startHandshake();
          c.setSoTimeout(before);
          return c;
        } catch (IOException e) {
          String peer = String.valueOf(c.getRemoteSocketAddress());
          try {
            c.close();
          } catch (IOException ignored) {
            // Closing a refused connection: nothing more to do.
          }
          refusals.accept(peer, reason(e));
          if (s.isClosed()) {
            throw e;
          }
        }
      }
    }

    /** One line for the log: our trust manager's own words when it refused, else the JDK's. */
    static String reason(IOException e) {
      for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
        if (t instanceof CertificateException && t.getMessage() != null) {
          return t.getMessage();
        }
      }
      String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      if (m.contains("Empty client certificate chain")) {
        return "peer sent no certificate (" + m + ")";
      }
      if (m.contains("alert: certificate_unknown") || m.contains("alert: bad_certificate")) {
        // TLS 1.3: the connecting side checks this node's certificate first and hangs up when
        // another CA signed it, before sending its own.
        return "peer does not trust this node's certificate: it belongs to another CA (" + m + ")";
      }
      if (m.contains("Unsupported or unrecognized SSL message")) {
        return "peer does not speak TLS (" + m + ")";
      }
      return m;
    }

    @Override
    public void bind(SocketAddress endpoint) throws IOException {
      s.bind(endpoint);
    }

    @Override
    public void bind(SocketAddress endpoint, int backlog) throws IOException {
      s.bind(endpoint, backlog);
    }

    @Override
    public InetAddress getInetAddress() {
      return s.getInetAddress();
    }

    @Override
    public int getLocalPort() {
      return s.getLocalPort();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
      return s.getLocalSocketAddress();
    }

    @Override
    public void close() throws IOException {
      s.close();
    }

    @Override
    public ServerSocketChannel getChannel() {
      return null;
    }

    @Override
    public boolean isBound() {
      return s.isBound();
    }

    @Override
    public boolean isClosed() {
      return s.isClosed();
    }

    @Override
    public synchronized void setSoTimeout(int timeout) throws SocketException {
      s.setSoTimeout(timeout);
    }

    @Override
    public synchronized int getSoTimeout() throws IOException {
      return s.getSoTimeout();
    }

    @Override
    public void setReuseAddress(boolean on) throws SocketException {
      s.setReuseAddress(on);
    }

    @Override
    public boolean getReuseAddress() throws SocketException {
      return s.getReuseAddress();
    }

    @Override
    public synchronized void setReceiveBufferSize(int size) throws SocketException {
      s.setReceiveBufferSize(size);
    }

    @Override
    public synchronized int getReceiveBufferSize() throws SocketException {
      return s.getReceiveBufferSize();
    }

    @Override
    public String toString() {
      return s.toString();
    }
  }
}
