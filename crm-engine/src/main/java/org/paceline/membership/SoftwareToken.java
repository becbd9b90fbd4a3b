package org.paceline.membership;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.jgroups.Message;
import org.jgroups.auth.AuthToken;

/**
 * The token a node presents with its join and merge requests ({@link ProtocolCheck}): the software
 * it runs. Authenticity is not its job (SYM_ENCRYPT with the cluster key already keeps keyless
 * processes out); compatibility is: a peer of another protocol generation is refused.
 */
public final class SoftwareToken extends AuthToken {
  /** Longest release string accepted from the wire. */
  static final int MAX_RELEASE_CHARS = 200;

  private NodeSoftware software;

  /** For JGroups, which reads tokens from the wire by class name. */
  public SoftwareToken() {}

  SoftwareToken(NodeSoftware software) {
    this.software = software;
  }

  /** The software the token's sender runs (null before it was read). */
  NodeSoftware software() {
    return software;
  }

  @Override
  public String getName() {
    return SoftwareToken.class.getName();
  }

  @Override
  public int size() {
    return 2 + software.release().length() * 3 + Integer.BYTES;
  }

  @Override
  public boolean authenticate(AuthToken token, Message msg) {
    return token instanceof SoftwareToken t
        && t.software != null
        && t.software.protocol() == software.protocol();
  }

  @Override
  public void writeTo(DataOutput out) throws IOException {
    out.writeUTF(software.release());
    out.writeInt(software.protocol());
  }

  @Override
  public void readFrom(DataInput in) throws IOException {
    String release = in.readUTF();
    int protocol = in.readInt();
    if (release.length() > MAX_RELEASE_CHARS) {
      throw new IOException("release of " + release.length() + " chars in a join token");
    }
    try {
      software = new NodeSoftware(release, protocol);
    } catch (IllegalArgumentException e) {
      throw new IOException("bad release in a join token: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "SoftwareToken[" + software + "]";
  }
}
