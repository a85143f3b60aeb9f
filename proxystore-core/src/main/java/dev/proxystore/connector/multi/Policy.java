package dev.proxystore.connector.multi;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which objects a route of a {@link MultiConnector} accepts, on which hosts, and how much it is preferred: the
 * semantics of Python ProxyStore's {@code Policy}.
 *
 * <p>A policy accepts a write when the object's size in bytes lies within {@code minSize..maxSize} (both inclusive),
 * every tag the writer asked for is among the policy's {@link #tags()} (Python's {@code subset_tags}: an untagged
 * write fits any policy, a tagged one only policies that carry all its tags), and every one of the policy's
 * {@link #supersetTags()} is among the superset tags the writer asked for (Python's {@code superset_tags}: a policy
 * with superset tags takes only writes that carry all of them, an untagged write never). Among the policies that
 * accept a write, the highest {@link #priority()} wins.
 *
 * <p>{@link #hostPatterns()} restrict a route to the hosts whose name fully matches at least one of them (a regular
 * expression, matched as {@link java.util.regex.Matcher#matches()} does; none: every host). On any other host the
 * route is dormant: see {@link MultiConnector}.
 *
 * @param minSize the smallest accepted size in bytes, inclusive; at least 0
 * @param maxSize the largest accepted size in bytes, inclusive; at least {@code minSize}
 * @param tags the tags a tagged write may ask for; unmodifiable and sorted. A tag is non-empty, contains no comma and
 *     has no leading or trailing whitespace
 * @param supersetTags the tags a write must carry among its superset tags to be accepted; unmodifiable and sorted,
 *     the same form as {@code tags}
 * @param hostPatterns regular expressions of the host names the route is valid on; unmodifiable, in the order given,
 *     without duplicates; empty for every host. A pattern is not blank and has no line break
 * @param priority higher wins among accepting policies; equal priorities go to the route declared first
 */
public record Policy(long minSize, long maxSize, Set<String> tags, Set<String> supersetTags, List<String> hostPatterns,
        int priority) {

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
        supersetTags = checkedTags(Objects.requireNonNull(supersetTags, "supersetTags"));
        hostPatterns = checkedPatterns(Objects.requireNonNull(hostPatterns, "hostPatterns"));
    }

    /** A policy on every host, without superset tags. */
    public Policy(long minSize, long maxSize, Set<String> tags, int priority) {
        this(minSize, maxSize, tags, Set.of(), List.of(), priority);
    }

    /** Accepts every size, carries no tags, priority 0. */
    public static Policy any() {
        return ANY;
    }

    /** A copy accepting sizes {@code minSize..maxSize}, both inclusive. */
    public Policy withSize(long minSize, long maxSize) {
        return new Policy(minSize, maxSize, tags, supersetTags, hostPatterns, priority);
    }

    /** A copy accepting sizes from {@code minSize}, inclusive. */
    public Policy withMinSize(long minSize) {
        return new Policy(minSize, maxSize, tags, supersetTags, hostPatterns, priority);
    }

    /** A copy accepting sizes up to {@code maxSize}, inclusive. */
    public Policy withMaxSize(long maxSize) {
        return new Policy(minSize, maxSize, tags, supersetTags, hostPatterns, priority);
    }

    /** A copy carrying exactly {@code tags}. */
    public Policy withTags(String... tags) {
        return withTags(Arrays.asList(tags));
    }

    /** A copy carrying exactly {@code tags}. */
    public Policy withTags(Collection<String> tags) {
        return new Policy(minSize, maxSize, checkedTags(tags), supersetTags, hostPatterns, priority);
    }

    /** A copy taking only writes whose superset tags include all of {@code tags}; none: any write. */
    public Policy withSupersetTags(String... tags) {
        return withSupersetTags(Arrays.asList(tags));
    }

    /** A copy taking only writes whose superset tags include all of {@code tags}; none: any write. */
    public Policy withSupersetTags(Collection<String> tags) {
        return new Policy(minSize, maxSize, this.tags, checkedTags(tags), hostPatterns, priority);
    }

    /**
     * A copy valid on the hosts whose name fully matches one of {@code patterns}; none: every host.
     *
     * @throws IllegalArgumentException if a pattern is blank, has a line break or is not a regular expression
     */
    public Policy withHostPatterns(String... patterns) {
        return withHostPatterns(Arrays.asList(patterns));
    }

    /**
     * A copy valid on the hosts whose name fully matches one of {@code patterns}; none: every host.
     *
     * @throws IllegalArgumentException if a pattern is blank, has a line break or is not a regular expression
     */
    public Policy withHostPatterns(Collection<String> patterns) {
        return new Policy(minSize, maxSize, tags, supersetTags, checkedPatterns(patterns), priority);
    }

    /** A copy with {@code priority}. */
    public Policy withPriority(int priority) {
        return new Policy(minSize, maxSize, tags, supersetTags, hostPatterns, priority);
    }

    /** Whether an object of {@code size} bytes fits the size bounds. */
    public boolean accepts(long size) {
        return size >= minSize && size <= maxSize;
    }

    /** Whether an object of {@code size} bytes, written with {@code requestedTags} and no superset tags, fits. */
    public boolean accepts(long size, Set<String> requestedTags) {
        return accepts(size, requestedTags, Set.of());
    }

    /**
     * Whether an object of {@code size} bytes, written with {@code requestedTags} and {@code requestedSupersetTags},
     * is accepted: the size fits, the requested tags are a subset of {@link #tags()}, and the requested superset tags
     * are a superset of {@link #supersetTags()}. Says nothing about the host.
     */
    public boolean accepts(long size, Set<String> requestedTags, Set<String> requestedSupersetTags) {
        return accepts(size) && tags.containsAll(requestedTags) && requestedSupersetTags.containsAll(supersetTags);
    }

    /**
     * Whether the policy is valid on this host (Python's {@code is_valid_on_host()}): it has no host patterns, or one
     * matches the name the operating system reports for this host.
     */
    public boolean validOnHost() {
        return validOnHost(HostNames.current());
    }

    /** Whether the policy is valid on the host named {@code hostName}: it has no host patterns, or one matches. */
    public boolean validOnHost(String hostName) {
        Objects.requireNonNull(hostName, "hostName");
        for (String pattern : hostPatterns) {
            if (Pattern.compile(pattern).matcher(hostName).matches()) {
                return true;
            }
        }
        return hostPatterns.isEmpty();
    }

    @Override
    public String toString() {
        return "Policy[" + describe() + "]";
    }

    /**
     * For example {@code size 0..1024, tags [x], priority 1}, {@code size >= 1025, ...} or {@code any size, ...}, with
     * {@code superset tags [..]} and {@code hosts [..]} where set.
     */
    String describe() {
        String size = maxSize != Long.MAX_VALUE ? "size " + minSize + ".." + maxSize
                : minSize == 0 ? "any size" : "size >= " + minSize;
        return size + ", tags " + tags + (supersetTags.isEmpty() ? "" : ", superset tags " + supersetTags)
                + (hostPatterns.isEmpty() ? "" : ", hosts " + hostPatterns) + ", priority " + priority;
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

    /** An unmodifiable copy of {@code patterns} without duplicates; {@link IllegalArgumentException} for a bad one. */
    static List<String> checkedPatterns(Collection<String> patterns) {
        Set<String> copy = new LinkedHashSet<>();
        for (String pattern : patterns) {
            Objects.requireNonNull(pattern, "host pattern");
            if (pattern.isBlank() || pattern.indexOf('\n') >= 0 || pattern.indexOf('\r') >= 0) {
                throw new IllegalArgumentException(
                        "A host pattern must not be blank or have line breaks: '" + pattern + "'");
            }
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("The host pattern '" + pattern + "' is not a regular expression: "
                        + e.getDescription(), e);
            }
            copy.add(pattern);
        }
        return List.copyOf(copy);
    }
}
