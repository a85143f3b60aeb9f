package dev.proxystore.reliability.model;

import java.util.List;

/** A trusted record: read back through its canonical constructor. */
public record Pair(String id, long number, List<String> tags) {
}
