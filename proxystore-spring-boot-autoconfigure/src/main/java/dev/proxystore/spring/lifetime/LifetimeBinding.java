package dev.proxystore.spring.lifetime;

import dev.proxystore.lifetime.Lifetime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The lifetimes bound to each thread, innermost first: {@link ProxyLifetimeScope} binds, the bean scope reads. */
final class LifetimeBinding {

    private final ThreadLocal<@Nullable Deque<Lifetime>> bound = new ThreadLocal<>();

    void push(Lifetime lifetime) {
        Deque<Lifetime> stack = bound.get();
        if (stack == null) {
            stack = new ArrayDeque<>();
            bound.set(stack);
        }
        stack.push(lifetime);
    }

    void pop() {
        Deque<Lifetime> stack = bound.get();
        if (stack == null) {
            return;
        }
        stack.pop();
        if (stack.isEmpty()) {
            bound.remove();
        }
    }

    Optional<Lifetime> current() {
        Deque<Lifetime> stack = bound.get();
        return stack == null ? Optional.empty() : Optional.ofNullable(stack.peek());
    }
}
