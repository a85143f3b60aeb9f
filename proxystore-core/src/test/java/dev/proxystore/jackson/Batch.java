package dev.proxystore.jackson;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** A record whose components hold proxies. */
public record Batch(String name, List<Matrix> matrices, Map<String, List<Integer>> groups, Set<String> tags) {
}
