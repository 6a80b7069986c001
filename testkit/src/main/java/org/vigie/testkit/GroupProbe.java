package org.vigie.testkit;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;

/** What the broker says of a consumer group: the states a test awaits before it asserts. */
public final class GroupProbe {

    private GroupProbe() {}

    private static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    /** The offsets {@code group} has committed on {@code topic}, by partition (none when it committed none). */
    public static Map<Integer, Long> committed(String bootstrap, String group, String topic) {
        try (Admin a = admin(bootstrap)) {
            Map<TopicPartition, OffsetAndMetadata> all = a.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            Map<Integer, Long> out = new TreeMap<>();
            all.forEach((tp, o) -> {
                if (tp.topic().equals(topic) && o != null) {
                    out.put(tp.partition(), o.offset());
                }
            });
            return out;
        } catch (Exception e) {
            throw new IllegalStateException("committed offsets of " + group + ": " + e, e);
        }
    }

    /** Whether {@code group} has committed {@code offset} (or beyond) on each of {@code topic}'s {@code partitions}. */
    public static boolean committedAll(String bootstrap, String group, String topic, int partitions, long offset) {
        Map<Integer, Long> c = committed(bootstrap, group, topic);
        for (int p = 0; p < partitions; p++) {
            if (c.getOrDefault(p, -1L) < offset) {
                return false;
            }
        }
        return true;
    }

    /** The group's state as the broker has it. */
    public static GroupState state(String bootstrap, String group) {
        try (Admin a = admin(bootstrap)) {
            return a.describeConsumerGroups(Set.of(group)).describedGroups().get(group).get(30, TimeUnit.SECONDS).groupState();
        } catch (Exception e) {
            throw new IllegalStateException("state of " + group + ": " + e, e);
        }
    }
}
