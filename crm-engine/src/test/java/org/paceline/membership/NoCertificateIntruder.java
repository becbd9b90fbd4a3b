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
 * A process that speaks TLS but has no certificate: it trusts any server and offers none of its
 * own. Otherwise it runs the cluster's own membership stack, with the node.yaml given as argument,
 * and prints every view it installs. Started as a separate JVM by {@link MembershipTlsTest}.
 */
public final class NoCertificateIntruder {
  private NoCertificateIntruder() {}

  public static void main(String[] args) throws Exception {
    NodeConfig config =
        ((NodeConfigLoader.Loaded) NodeConfigLoader.load(Path.of(args[0]))).config();
    SSLContext ctx = SSLContext.getInstance("TLSv1.3");
    ctx.init(
        null,
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
