package dev.proxystore.proxy.other;

import dev.proxystore.proxy.Proxies;
import dev.proxystore.proxy.SerializableSupplier;

/** Types that only this package can see, and the calls on their proxies that only this package can make. */
public final class PackagePrivateTypes {

    private PackagePrivateTypes() {
    }

    public static Object hiddenClassProxy(String name) {
        return Proxies.create(Hidden.class, (SerializableSupplier<Hidden>) () -> new Hidden(name));
    }

    public static Object hiddenInterfaceProxy(String name) {
        return Proxies.create(HiddenApi.class, (SerializableSupplier<HiddenApi>) () -> () -> "api of " + name);
    }

    public static String callPackagePrivate(Object proxy) {
        return ((Hidden) proxy).packagePrivateName();
    }

    public static String callProtected(Object proxy) {
        return ((Hidden) proxy).protectedName();
    }

    public static String callInterface(Object proxy) {
        return ((HiddenApi) proxy).describe();
    }

    public static Object cloneOf(Object proxy) throws CloneNotSupportedException {
        return Hidden.copy((Hidden) proxy);
    }
}

class Hidden implements Cloneable {

    private final String name;

    Hidden(String name) {
        this.name = name;
    }

    String packagePrivateName() {
        return "package-private " + name;
    }

    protected String protectedName() {
        return "protected " + name;
    }

    static Object copy(Hidden hidden) throws CloneNotSupportedException {
        return hidden.clone();
    }

    @Override
    public String toString() {
        return "Hidden " + name;
    }
}

interface HiddenApi {
    String describe();
}
