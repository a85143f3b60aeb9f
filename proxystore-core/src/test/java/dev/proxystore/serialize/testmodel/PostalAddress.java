package dev.proxystore.serialize.testmodel;

import java.util.Objects;

public class PostalAddress extends Address {

    private String postcode;

    PostalAddress() {
    }

    public PostalAddress(String city, String postcode) {
        super(city);
        this.postcode = postcode;
    }

    @Override
    public boolean equals(Object o) {
        return super.equals(o) && Objects.equals(postcode, ((PostalAddress) o).postcode);
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + Objects.hashCode(postcode);
    }
}
