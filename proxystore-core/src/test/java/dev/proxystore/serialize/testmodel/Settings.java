package dev.proxystore.serialize.testmodel;

import java.util.Optional;

/** Reference types in fields that declare them. */
public record Settings(Optional<Object> value, Optional<Address> address, Optional<String> missing) {
}
