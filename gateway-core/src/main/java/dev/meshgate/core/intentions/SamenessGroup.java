package dev.meshgate.core.intentions;

import dev.meshgate.core.internal.Require;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A sameness group: partitions of this cluster and cluster peers whose services of the same name
 * count as the same service (Consul Enterprise's {@code sameness-group} config entry, reduced to
 * what intentions need). A source intention naming the group stands for the same namespace and
 * name in every member.
 *
 * <p>Consul CE rejects sameness-group sources; Consul Enterprise expands them from its
 * {@code sameness-group} entries. meshgate expands them from the groups given to {@link
 * IntentionSet.Builder#samenessGroup}, and refuses an entry naming an undefined group, so that no
 * intention is silently dropped.
 *
 * <p>Immutable and thread-safe; the member list is copied.
 *
 * @param name the group name
 * @param members the members, in order; no duplicates
 */
public record SamenessGroup(String name, List<Member> members) {
  /**
   * One member: a local partition or a cluster peer.
   *
   * @param partition the local partition, or empty for a peer member
   * @param peer the peer, or empty for a partition member
   */
  public record Member(String partition, String peer) {
    /**
     * Checks that exactly one of the two is set.
     *
     * @param partition the local partition, or empty for a peer member
     * @param peer the peer, or empty for a partition member
     * @throws IllegalArgumentException unless exactly one is set, or if one contains {@code *}
     */
    public Member {
      Require.notNull(partition, "partition");
      Require.notNull(peer, "peer");
      Require.field(
          partition.isEmpty() != peer.isEmpty(), "member", partition + "|" + peer, "exactly one of partition and peer");
      Require.field(!partition.contains("*"), "partition", partition, "a partition name, not a wildcard");
      Require.field(!peer.contains("*"), "peer", peer, "a peer name, not a wildcard");
    }

    /**
     * Returns a partition member.
     *
     * @param partition the partition
     * @return the member
     */
    public static Member partition(String partition) {
      return new Member(partition, "");
    }

    /**
     * Returns a peer member.
     *
     * @param peer the peer
     * @return the member
     */
    public static Member peer(String peer) {
      return new Member("", peer);
    }

    @Override
    public String toString() {
      return peer.isEmpty() ? "partition " + partition : "peer " + peer;
    }
  }

  /**
   * Copies the members and checks the group.
   *
   * @param name the group name
   * @param members the members, in order
   * @throws IllegalArgumentException if the name is empty or contains {@code *}, or a member
   *     appears twice
   */
  public SamenessGroup {
    Require.field(
        !Require.notNull(name, "name").isEmpty() && !name.contains("*"), "name", name, "a sameness group name");
    members = List.copyOf(members);
    Set<Member> seen = new HashSet<>();
    for (Member m : members) {
      Require.field(seen.add(m), "members", m.toString(), "each member once");
    }
  }

  /**
   * Returns a group.
   *
   * @param name the group name
   * @param members the members, in order
   * @return the group
   */
  public static SamenessGroup of(String name, Member... members) {
    return new SamenessGroup(name, Arrays.asList(members));
  }
}
