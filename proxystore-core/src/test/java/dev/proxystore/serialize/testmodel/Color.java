package dev.proxystore.serialize.testmodel;

public enum Color {
    RED,
    GREEN {
        @Override
        public String toString() {
            return "green (a constant with a body)";
        }
    },
    BLUE
}
