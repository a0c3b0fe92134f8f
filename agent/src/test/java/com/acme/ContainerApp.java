package com.acme;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Does what its test says on stdin, one line at a time, and answers on stdout:
 * {@code touch N} allocates and writes N MiB outside the Java heap and keeps it
 * ({@code touched}); {@code sleep MS}; {@code exit}. Prints {@code ready} first.
 */
public final class ContainerApp {
    private ContainerApp() {
    }

    public static void main(String[] args) throws Exception {
        List<ByteBuffer> kept = new ArrayList<>();
        System.out.println("ready");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            String[] words = line.split(" ");
            if (words[0].equals("touch")) {
                kept.add(ByteBuffer.allocateDirect(Integer.parseInt(words[1]) << 20)); // zeroed: every page written
                System.out.println("touched");
            } else if (words[0].equals("sleep")) {
                Thread.sleep(Long.parseLong(words[1]));
            } else if (words[0].equals("exit")) {
                System.out.println("kept " + kept.size());
                return;
            }
            System.out.flush();
        }
    }
}
