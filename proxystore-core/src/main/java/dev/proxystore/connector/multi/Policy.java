package dev.proxystore.connector.multi;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which objects a route of a {@link MultiConnector} accepts, and how much it is preferred.
 *
 * <p>A policy accepts an object when its size in bytes lies within {@code minSize..maxSize} (both inclusive) and
 * every tag the writer asked for is among the policy's {@link #tags()}. An untagged write is accepted by any policy
 * whose size bounds fit; a tagged write only by policies that carry all its tags. This is the subset rule of Python
 * ProxyStore's {@code subset_tags}; its {@code superset_tags} (policies that accept only objects carrying certain
 * tags) and {@code host_pattern} have no counterpart here. Among the policies that accept an object, the highest
 * {@link #priority()} wins.
 *
 * @param minSize the smallest accepted size in bytes, inclusive; at least 0
 * @param maxSize the largest accepted size in bytes, inclusive; at least {@code minSize}
 * @param tags the tags a tagged write may ask for; unmodifiable and sorted. A tag is non-empty, contains no comma and
 *     has no leading or trailing whitespace
 * @param priority higher wins among accepting policies; equal priorities go to the route declared first
 */
public record Policy(long minSize, long maxSize, Set<String> tags, int priority) {

    private static final Policy ANY = new Policy(0, Long.MAX_VALUE, Set.of(), 0);

    public Policy {
        if (minSize < 0) {
            throw new IllegalArgumentException("The minimum size must not be negative, was " + minSize);
        }
        if (maxSize < minSize) {
            throw new IllegalArgumentException(
                    "The maximum size (" + maxSize + ") must not be smaller than the minimum size (" + minSize + ")");
        }
        tags = checkedTags(Objects.requireNonNull(tags, "tags"));
    }

    /** Accepts every size, carries no tags, priority 0. */
    public static Policy any() {
        return ANY;
    }

    /** A copy accepting sizes {@code minSize..maxSize}, both inclusive. */
    public Policy withSize(long minSize, long maxSize) {
        return new Policy(minSize, maxSize, tags, priority);
    }

    /** A copy accepting sizes from {@code minSize}, inclusive. */
    public Policy withMinSize(long minSize) {
        return new Policy(minSize, maxSize, tags, priority);
    }

    /** A copy accepting sizes up to {@code maxSize}, inclusive. */
    public Policy withMaxSize(long maxSize) {
        return new Policy(minSize, maxSize, tags, priority);
    }

    /** A copy carrying exactly {@code tags}. */
    public Policy withTags(String... tags) {
        return withTags(Arrays.asList(tags));
    }

    /** A copy carrying exactly {@code tags}. */
    public Policy withTags(Collection<String> tags) {
        return new Policy(minSize, maxSize, checkedTags(tags), priority);
    }

    /** A copy with {@code priority}. */
    public Policy withPriority(int priority) {
        return new Policy(minSize, maxSize, tags, priority);
    }

    /** Whether an object of {@code size} bytes fits the size bounds. */
    public boolean accepts(long size) {
        return size >= minSize && size <= maxSize;
    }

    /** Whether an object of {@code size} bytes, written with {@code requestedTags}, is accepted. */
    public boolean accepts(long size, Set<String> requestedTags) {
        return accepts(size) && tags.containsAll(requestedTags);
    }

    @Override
    public String toString() {
        return "Policy[" + describe() + "]";
    }

    /** For example {@code size 0..1024, tags [x], priority 1}, {@code size >= 1025, ...} or {@code any size, ...}. */
    String describe() {
        String size = maxSize != Long.MAX_VALUE ? "size " + minSize + ".." + maxSize
                : minSize == 0 ? "any size" : "size >= " + minSize;
        return size + ", tags " + tags + ", priority " + priority;
    }

    /** An unmodifiable sorted copy of {@code tags}; {@link IllegalArgumentException} for a malformed tag. */
    static Set<String> checkedTags(Collection<String> tags) {
        TreeSet<String> copy = new TreeSet<>();
        for (String tag : tags) {
            Objects.requireNonNull(tag, "tag");
            if (tag.isEmpty() || tag.indexOf(',') >= 0 || !tag.strip().equals(tag)) {
                throw new IllegalArgumentException(
                        "A tag must be non-empty, without commas or surrounding whitespace: '" + tag + "'");
            }
            copy.add(tag);
        }
        return Collections.unmodifiableSortedSet(copy);
    }
}
