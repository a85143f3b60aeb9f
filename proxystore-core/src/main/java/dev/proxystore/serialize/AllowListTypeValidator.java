package dev.proxystore.serialize;

import tools.jackson.databind.DatabindContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.jsontype.PolymorphicTypeValidator;

/** Accepts a polymorphic type id only if the allow-list trusts the class name; decided before the class is loaded. */
final class AllowListTypeValidator extends PolymorphicTypeValidator.Base {

    private static final long serialVersionUID = 1L;

    private final AllowList allowList;

    AllowListTypeValidator(AllowList allowList) {
        this.allowList = allowList;
    }

    @Override
    public Validity validateSubClassName(DatabindContext ctxt, JavaType baseType, String subClassName) {
        return allowList.isTrusted(subClassName) ? Validity.ALLOWED : Validity.DENIED;
    }

    @Override
    public Validity validateSubType(DatabindContext ctxt, JavaType baseType, JavaType subType) {
        return allowList.isTrusted(subType.getRawClass().getName()) ? Validity.ALLOWED : Validity.DENIED;
    }
}
