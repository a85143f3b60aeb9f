package dev.proxystore.reliability;

import dev.proxystore.connector.FileConnector;
import dev.proxystore.ref.Refs;
import dev.proxystore.store.Store;
import dev.proxystore.store.UntrustedReferenceException;
import dev.proxystore.testing.JavaSerialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The second JVM of {@link SecondJvmTest}: registers its own store {@code handoff} over a shared directory, with the
 * signing key it got as {@code -Dproxystore.signing-key}, reads the Java-serialized proxy in a file and prints what it
 * saw.
 *
 * <ul>
 *   <li>{@code read <directory> <reference-file>}: prints {@code READ <contents>}.</li>
 *   <li>{@code own <directory> <reference-file>}: prints {@code OWNED <contents>}, then {@code REPLAY <outcome>} for a
 *       second read of the same bytes, then drops the owner and prints {@code DROPPED}.</li>
 *   <li>{@code wait <directory> <reference-file>}: prints {@code WAITING}, then {@code RESULT <contents>} once the
 *       future's result arrives.</li>
 * </ul>
 */
public final class ReceiverChild {

    private ReceiverChild() {
    }

    public static void main(String[] args) throws Exception {
        byte[] reference = Files.readAllBytes(Path.of(args[2]));
        try (Store store = Store.builder("handoff", new FileConnector(Path.of(args[1]))).register(true).build()) {
            switch (args[0]) {
                case "read" -> {
                    List<String> proxy = JavaSerialization.deserialize(reference);
                    System.out.println("READ " + proxy);
                }
                case "own" -> {
                    List<String> owner = JavaSerialization.deserialize(reference);
                    System.out.println("OWNED " + owner + " " + Refs.isOwned(owner));
                    try {
                        JavaSerialization.deserialize(reference);
                        System.out.println("REPLAY accepted");
                    } catch (UntrustedReferenceException refused) {
                        System.out.println("REPLAY refused: " + refused.reason());
                    }
                    Refs.drop(owner);
                    System.out.println("DROPPED");
                }
                case "wait" -> {
                    List<String> future = JavaSerialization.deserialize(reference);
                    System.out.println("WAITING");
                    System.out.println("RESULT " + future);
                }
                default -> throw new IllegalArgumentException("unknown mode " + args[0]);
            }
        }
        System.out.flush();
    }
}
