package dev.proxystore.reliability.model;

/** A trusted enum, for enum values and EnumMap keys in fuzz seeds. */
public enum Kind {
    SMALL, LARGE, HOSTILE
}
