package com.acme;

import java.nio.charset.StandardCharsets;
import java.util.zip.Adler32;

/** Calls {@code java.util.zip.Adler32#getValue} once, which nothing else in a small JVM calls. */
public final class JdkApp {
    private JdkApp() {
    }

    public static void main(String[] args) {
        System.out.println("adler32 " + checksum("faultline"));
    }

    static long checksum(String text) {
        Adler32 adler = new Adler32();
        adler.update(text.getBytes(StandardCharsets.UTF_8));
        return adler.getValue();
    }
}
