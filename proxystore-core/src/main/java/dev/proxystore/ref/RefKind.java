package dev.proxystore.ref;

import dev.proxystore.store.Reference;

/** What a reference proxy is to its target. */
enum RefKind {
    OWNED("owned", Reference.Kind.OWNED),
    BORROWED("borrowed", Reference.Kind.BORROWED),
    MUT_BORROWED("mutably borrowed", Reference.Kind.MUT_BORROWED);

    private final String description;
    private final Reference.Kind referenceKind;

    RefKind(String description, Reference.Kind referenceKind) {
        this.description = description;
        this.referenceKind = referenceKind;
    }

    /** The kind a moved reference of this kind asserts. */
    Reference.Kind referenceKind() {
        return referenceKind;
    }

    /** The ref kind a reference asserts. */
    static RefKind of(Reference.Kind kind) {
        for (RefKind refKind : values()) {
            if (refKind.referenceKind == kind) {
                return refKind;
            }
        }
        throw new IllegalArgumentException("not an ownership reference: " + kind);
    }

    @Override
    public String toString() {
        return description;
    }
}
