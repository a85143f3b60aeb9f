package dev.proxystore.ref;

/** What a reference proxy is to its target. */
enum RefKind {
    OWNED("owned"),
    BORROWED("borrowed"),
    MUT_BORROWED("mutably borrowed");

    private final String description;

    RefKind(String description) {
        this.description = description;
    }

    @Override
    public String toString() {
        return description;
    }
}
