package org.paceline.membership;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.jgroups.JChannel;
import org.jgroups.Receiver;
import org.jgroups.View;
import org.jgroups.protocols.SYM_ENCRYPT;
import org.jgroups.protocols.TCP;
import org.jgroups.stack.Protocol;
import org.jgroups.util.DefaultSocketFactory;

/**
 * A process that speaks TLS and trusts any server, but has no certificate of this cluster: none at
 * all, or (with a pki dir as second argument) one from another CA. Otherwise it runs the cluster's
 * own membership stack, with the node.yaml given as first argument, and prints every view it
 * installs. Started as a separate JVM by {@link MembershipTlsTest}.
 */
public final class NoCertificateIntruder {
  private NoCertificateIntruder() {}

  public static void main(String[] args) throws Exception {
    NodeConfig config =
        ((NodeConfigLoader.Loaded) NodeConfigLoader.load(Path.of(args[0]))).config();
    SSLContext ctx = SSLContext.getInstance("TLSv1.3");
    javax.net.ssl.KeyManager[] keys = null;
    if (args.length > 1) {
      // Another CA's node certificate, offered to servers that ask for one.
      ClusterTls other = ClusterTls.load(Path.of(args[1]));
      java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry(
          "node",
          ClusterTls.readKey(Path.of(args[1]).resolve(ClusterCa.NODE_KEY)),
          new char[0],
          new X509Certificate[] {other.certificate()});
      javax.net.ssl.KeyManagerFactory kmf =
          javax.net.ssl.KeyManagerFactory.getInstance(
              javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, new char[0]);
      keys = kmf.getKeyManagers();
    }
    ctx.init(
        keys,
        new TrustManager[] {
          new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] c, String a) {}

            @Override
            public void checkServerTrusted(X509Certificate[] c, String a) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
              return new X509Certificate[0];
            }
          }
        },
        new SecureRandom());
    // The cluster's stack with a throwaway key, minus SYM_ENCRYPT, on a TLS transport without a
    // client certificate.
    Path key = java.nio.file.Files.createTempDirectory("intruder").resolve("k");
    List<Protocol> stack =
        new ArrayList<>(
            ClusterStack.membershipProtocols(
                config, ClusterKey.generate(key), StackTimings.DEFAULTS));
    stack.removeIf(SYM_ENCRYPT.class::isInstance);
    ((TCP) stack.get(0)).setSocketFactory(new DefaultSocketFactory(ctx));
    JChannel ch = new JChannel(stack);
    ch.name(config.nodeName());
    ch.setReceiver(
        new Receiver() {
          @Override
          public void viewAccepted(View v) {
            System.out.println("intruder view " + v);
            System.out.flush();
          }
        });
    ch.connect(config.clusterName());
    System.out.println("intruder connected, view " + ch.getView());
    System.out.flush();
    Thread.currentThread().join();
  }
}
