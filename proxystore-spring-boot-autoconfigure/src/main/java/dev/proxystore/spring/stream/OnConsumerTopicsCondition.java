package dev.proxystore.spring.stream;

import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when {@code proxystore.stream.consumer.topics} names a topic, in any of the forms Boot binds a list from. */
final class OnConsumerTopicsCondition extends SpringBootCondition {

    private static final String TOPICS = "proxystore.stream.consumer.topics";

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        List<String> topics = Binder.get(context.getEnvironment()).bind(TOPICS, Bindable.listOf(String.class))
                .orElse(List.of());
        return topics.isEmpty() ? ConditionOutcome.noMatch(TOPICS + " names no topic")
                : ConditionOutcome.match(TOPICS + " names " + topics);
    }
}
