package dev.proxystore.serialize.testmodel;

/** A mutable linked node, for cycles and deep nesting. */
public class Node {

    public Object next;

    public Node() {
    }

    public Node(Object next) {
        this.next = next;
    }
}
