package dev.proxystore.connector.multi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PolicyTest {

    @Test
    void anyAcceptsEverySizeWithoutTags() {
        Policy any = Policy.any();

        assertThat(any).isEqualTo(new Policy(0, Long.MAX_VALUE, Set.of(), 0));
        assertThat(any.accepts(0)).isTrue();
        assertThat(any.accepts(Long.MAX_VALUE)).isTrue();
        assertThat(any.accepts(1, Set.of())).isTrue();
        assertThat(any.accepts(1, Set.of("x"))).isFalse();
    }

    @Test
    void sizeBoundsAreInclusive() {
        Policy policy = Policy.any().withSize(1, 100);

        assertThat(policy.accepts(0)).isFalse();
        assertThat(policy.accepts(1)).isTrue();
        assertThat(policy.accepts(100)).isTrue();
        assertThat(policy.accepts(101)).isFalse();
        assertThat(Policy.any().withSize(7, 7).accepts(7)).isTrue();
    }

    @Test
    void requestedTagsMustBeASubsetOfThePolicysTags() {
        Policy policy = Policy.any().withTags("a", "b");

        assertThat(policy.accepts(1, Set.of())).isTrue();
        assertThat(policy.accepts(1, Set.of("a"))).isTrue();
        assertThat(policy.accepts(1, Set.of("a", "b"))).isTrue();
        assertThat(policy.accepts(1, Set.of("a", "c"))).isFalse();
        assertThat(policy.accepts(1, Set.of("other"))).isFalse();
    }

    @Test
    void aPolicyWithSupersetTagsTakesOnlyWritesCarryingAllOfThem() {
        Policy none = Policy.any();
        Policy policy = Policy.any().withSupersetTags("a", "b");

        assertThat(none.accepts(1, Set.of(), Set.of())).isTrue();
        assertThat(none.accepts(1, Set.of(), Set.of("anything"))).isTrue();
        assertThat(policy.accepts(1, Set.of(), Set.of("a", "b", "c"))).isTrue();
        assertThat(policy.accepts(1, Set.of(), Set.of("a", "b"))).isTrue();
        assertThat(policy.accepts(1, Set.of(), Set.of("a"))).isFalse();
        assertThat(policy.accepts(1, Set.of(), Set.of("c"))).isFalse();
        assertThat(policy.accepts(1, Set.of())).as("an untagged write").isFalse();
    }

    @Test
    void subsetAndSupersetTagsAreCheckedTogether() {
        Policy policy = Policy.any().withTags("a", "b").withSupersetTags("x");

        assertThat(policy.accepts(1, Set.of("a"), Set.of("x", "y"))).isTrue();
        assertThat(policy.accepts(1, Set.of("a", "z"), Set.of("x"))).isFalse();
        assertThat(policy.accepts(1, Set.of("a"), Set.of("y"))).isFalse();
        assertThat(policy.withMaxSize(0).accepts(1, Set.of("a"), Set.of("x"))).isFalse();
    }

    @Test
    void aPolicyWithoutHostPatternsIsValidOnEveryHost() {
        assertThat(Policy.any().hostPatterns()).isEmpty();
        assertThat(Policy.any().validOnHost("testhost")).isTrue();
        assertThat(Policy.any().validOnHost("")).isTrue();
    }

    @Test
    void hostPatternsMustMatchTheWholeHostName() {
        Policy policy = Policy.any().withHostPatterns("(testhost|otherhost)");

        assertThat(policy.validOnHost("testhost")).isTrue();
        assertThat(policy.validOnHost("otherhost")).isTrue();
        assertThat(policy.validOnHost("thirdhost")).isFalse();
        assertThat(policy.validOnHost("testhost.example.org")).as("a prefix is not a match").isFalse();
        assertThat(policy.validOnHost("my-testhost")).isFalse();
    }

    @Test
    void oneOfSeveralHostPatternsIsEnough() {
        Policy policy = Policy.any().withHostPatterns("(texthost|otherhost)", "thirdhost");

        assertThat(policy.validOnHost("thirdhost")).isTrue();
        assertThat(policy.validOnHost("otherhost")).isTrue();
        assertThat(policy.validOnHost("testhost")).isFalse();
        assertThat(policy.hostPatterns()).containsExactly("(texthost|otherhost)", "thirdhost");
    }

    @Test
    void hostPatternsAndSupersetTagsAreCheckedWhereTheyAreSet() {
        assertThatIllegalArgumentException().isThrownBy(() -> Policy.any().withHostPatterns("node[0-9"))
                .withMessageContaining("'node[0-9' is not a regular expression");
        assertThatIllegalArgumentException().isThrownBy(() -> Policy.any().withHostPatterns(" "));
        assertThatIllegalArgumentException().isThrownBy(() -> Policy.any().withHostPatterns("a\nb"))
                .withMessageContaining("line breaks");
        assertThatNullPointerException().isThrownBy(() -> Policy.any().withHostPatterns("a", null));
        assertThatIllegalArgumentException().isThrownBy(() -> Policy.any().withSupersetTags("a,b"));
        assertThatIllegalArgumentException().isThrownBy(() -> Policy.any().withSupersetTags(""));
    }

    @Test
    void supersetTagsAndHostPatternsShowWhereSet() {
        Policy policy = Policy.any().withSupersetTags("y", "x").withHostPatterns("node-.*", "node-.*").withPriority(3);

        assertThat(policy.supersetTags()).containsExactly("x", "y");
        assertThat(policy.hostPatterns()).containsExactly("node-.*");
        assertThat(policy.toString())
                .isEqualTo("Policy[any size, tags [], superset tags [x, y], hosts [node-.*], priority 3]");
        assertThat(policy).isEqualTo(new Policy(0, Long.MAX_VALUE, Set.of(), Set.of("x", "y"), List.of("node-.*"), 3));
    }

    @Test
    void tagsAreSortedAndUnmodifiable() {
        Set<String> source = new HashSet<>(Arrays.asList("z", "a", "m"));
        Policy policy = new Policy(0, 10, source, 1);
        source.add("late");

        assertThat(policy.tags()).containsExactly("a", "m", "z");
        assertThatThrownBy(() -> policy.tags().add("b")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(policy.withTags("b", "a")).isEqualTo(new Policy(0, 10, Set.of("a", "b"), 1));
    }

    @Test
    void withersChangeOneThing() {
        Policy policy = Policy.any().withMinSize(5).withMaxSize(50).withPriority(-2).withTags("t");

        assertThat(policy).isEqualTo(new Policy(5, 50, Set.of("t"), -2));
        assertThat(policy.toString()).isEqualTo("Policy[size 5..50, tags [t], priority -2]");
        assertThat(Policy.any().withMinSize(3).toString()).isEqualTo("Policy[size >= 3, tags [], priority 0]");
        assertThat(Policy.any().toString()).isEqualTo("Policy[any size, tags [], priority 0]");
    }

    @Test
    void rejectsBadBounds() {
        assertThatIllegalArgumentException().isThrownBy(() -> Policy.any().withMinSize(-1));
        assertThatIllegalArgumentException().isThrownBy(() -> Policy.any().withSize(10, 9));
        assertThatIllegalArgumentException().isThrownBy(() -> Policy.any().withMaxSize(-1));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Policy.any().withMinSize(100).withMaxSize(99))
                .withMessageContaining("99")
                .withMessageContaining("100");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "a,b", " a", "a ", "\t"})
    void rejectsMalformedTags(String tag) {
        assertThatIllegalArgumentException().isThrownBy(() -> Policy.any().withTags(tag));
    }

    @Test
    void rejectsNullTags() {
        assertThatNullPointerException().isThrownBy(() -> Policy.any().withTags("a", null));
        assertThatNullPointerException().isThrownBy(() -> new Policy(0, 1, null, 0));
    }
}
