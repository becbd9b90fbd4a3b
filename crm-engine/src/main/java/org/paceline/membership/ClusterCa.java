package org.paceline.membership;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
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
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The cluster CA on disk, written by {@code crm cluster start} and {@code crm cluster join} (never
 * by the daemon, which only reads the result with the JDK: {@link ClusterTls}). Certificates are
 * made with BouncyCastle; keys are EC P-256, signatures ECDSA with SHA-256.
 *
 * <p>Layout of the pki dir (0700): {@code ca.crt} (the cluster CA, the only trust anchor), {@code
 * ca.key} (0600: with it any node can issue the certificate of a joining node), {@code node.crt}
 * (this node, CN and SAN = node name and address, signed by the CA) and {@code node.key} (0600).
 */
public final class ClusterCa {
  /** The CA certificate (PEM). */
  public static final String CA_CERT = "ca.crt";

  /** The CA private key (PKCS#8 PEM, 0600). */
  public static final String CA_KEY = "ca.key";

  /** This node's certificate (PEM). */
  public static final String NODE_CERT = "node.crt";

  /** This node's private key (PKCS#8 PEM, 0600). */
  public static final String NODE_KEY = "node.key";

  /** How long the CA is valid. There is no rotation yet (docs/architecture.md). */
  public static final Duration CA_VALIDITY = Duration.ofDays(20 * 365);

  /** How long a node certificate is valid. */
  public static final Duration NODE_VALIDITY = Duration.ofDays(10 * 365);

  /** Signature algorithm of every certificate. */
  static final String SIGNATURE = "SHA256withECDSA";

  private ClusterCa() {}

  /**
   * Creates a new cluster CA in {@code pkiDir} for {@code clusterName}; refuses when a CA is there
   * already.
   */
  public static void createCa(Path pkiDir, String clusterName) throws IOException {
    if (Files.exists(pkiDir.resolve(CA_CERT)) || Files.exists(pkiDir.resolve(CA_KEY))) {
      throw new IOException(pkiDir + ": a cluster CA exists already; refusing to replace it");
    }
    try {
      KeyPair kp = newKeyPair();
      X500Name subject =
          new X500NameBuilder(BCStyle.INSTANCE)
              .addRDN(BCStyle.O, "Paceline cluster " + clusterName)
              .addRDN(BCStyle.CN, "Paceline CA " + clusterName)
              .build();
      Instant now = Instant.now();
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              subject,
              serial(),
              Date.from(now.minus(Duration.ofMinutes(5))),
              Date.from(now.plus(CA_VALIDITY)),
              subject,
              kp.getPublic());
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      b.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      b.addExtension(
          Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
      X509Certificate cert = sign(b, kp.getPrivate());
      createPkiDir(pkiDir);
      writeSecret(pkiDir.resolve(CA_KEY), pem(new JcaPKCS8Generator(kp.getPrivate(), null)));
      writePublic(pkiDir.resolve(CA_CERT), pem(cert));
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IOException("cannot create the cluster CA: " + e.getMessage(), e);
    }
  }

  /**
   * Issues this node's certificate (CN = node name; SAN = node name as DNS name and the address as
   * IP address or DNS name), signed by the CA in {@code pkiDir}. Refuses when one exists.
   */
  public static void issueNode(Path pkiDir, String nodeName, String address) throws IOException {
    if (Files.exists(pkiDir.resolve(NODE_CERT)) || Files.exists(pkiDir.resolve(NODE_KEY))) {
      throw new IOException(
          pkiDir + ": this node has a certificate already; refusing to replace it");
    }
    ClusterTls.Material ca = ClusterTls.readCa(pkiDir);
    try {
      KeyPair kp = newKeyPair();
      X500Name subject =
          new X500NameBuilder(BCStyle.INSTANCE)
              .addRDN(BCStyle.O, issuerOrganisation(ca.certificate()))
              .addRDN(BCStyle.CN, nodeName)
              .build();
      Instant now = Instant.now();
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              ca.certificate(),
              serial(),
              Date.from(now.minus(Duration.ofMinutes(5))),
              Date.from(now.plus(NODE_VALIDITY)),
              subject,
              kp.getPublic());
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      List<GeneralName> names = new ArrayList<>();
      names.add(new GeneralName(GeneralName.dNSName, nodeName));
      names.add(
          isIpLiteral(address)
              ? new GeneralName(
                  GeneralName.iPAddress, InetAddress.getByName(address).getHostAddress())
              : new GeneralName(GeneralName.dNSName, address));
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
      b.addExtension(
          Extension.extendedKeyUsage,
          false,
          new ExtendedKeyUsage(
              new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
      b.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(names.toArray(new GeneralName[0])));
      b.addExtension(
          Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
      b.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          ext.createAuthorityKeyIdentifier(ca.certificate()));
      X509Certificate cert = sign(b, ca.key());
      cert.verify(ca.certificate().getPublicKey());
      writeSecret(pkiDir.resolve(NODE_KEY), pem(new JcaPKCS8Generator(kp.getPrivate(), null)));
      writePublic(pkiDir.resolve(NODE_CERT), pem(cert));
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IOException(
          "cannot issue the certificate of " + nodeName + ": " + e.getMessage(), e);
    }
  }

  /**
   * Copies the cluster CA (certificate and key) from {@code fromDir} into {@code pkiDir}, as a
   * joining node does; the key must be 0600 and belong to the certificate.
   */
  public static void copyCa(Path fromDir, Path pkiDir) throws IOException {
    ClusterTls.readCa(fromDir);
    createPkiDir(pkiDir);
    writeSecret(pkiDir.resolve(CA_KEY), Files.readString(fromDir.resolve(CA_KEY)));
    writePublic(pkiDir.resolve(CA_CERT), Files.readString(fromDir.resolve(CA_CERT)));
  }

  /** Creates the pki dir with mode 0700 (or tightens an existing, empty one). */
  public static void createPkiDir(Path pkiDir) throws IOException {
    Files.createDirectories(pkiDir);
    Files.setPosixFilePermissions(pkiDir, PosixFilePermissions.fromString("rwx------"));
  }

  private static String issuerOrganisation(X509Certificate ca) {
    X500Name n = X500Name.getInstance(ca.getSubjectX500Principal().getEncoded());
    var rdns = n.getRDNs(BCStyle.O);
    return rdns.length == 0 ? "Paceline cluster" : rdns[0].getFirst().getValue().toString();
  }

  private static boolean isIpLiteral(String a) {
    return a.matches("[0-9.]+") || a.contains(":");
  }

  private static KeyPair newKeyPair() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
    return g.generateKeyPair();
  }

  private static BigInteger serial() {
    return new BigInteger(127, new SecureRandom()).add(BigInteger.ONE);
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key)
      throws OperatorCreationException, GeneralSecurityException {
    ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE).build(key);
    return new JcaX509CertificateConverter().getCertificate(b.build(signer));
  }

  private static String pem(Object o) throws IOException {
    StringWriter sw = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
      w.writeObject(o);
    }
    return sw.toString();
  }

  /** Writes a key created 0600 from the start, so it is never readable by others. */
  private static void writeSecret(Path file, String text) throws IOException {
    Files.createFile(file, PosixFilePermissions.asFileAttribute(ClusterTls.OWNER_ONLY));
    Files.writeString(file, text, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
  }

  private static void writePublic(Path file, String text) throws IOException {
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
    Files.writeString(file, text, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
  }
}
