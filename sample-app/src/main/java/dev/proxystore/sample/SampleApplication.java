package dev.proxystore.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The ProxyStore sample: a pipeline that produces large feature matrices, stores each once, and hands them to
 * workers (threads, and HTTP endpoints on this or another instance) by reference. See the README.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }
}
