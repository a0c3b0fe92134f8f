package dev.faultline.agent.internal.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The one-line reasons the CLI prints: the innermost cause, never a nested exception's text. */
class TargetJvmMessageTest {
    @Test
    void anRmiFailureSaysWhatTheSocketSaid() {
        IOException rmi = new java.rmi.ConnectException("Connection refused to host: 127.0.0.1",
                new java.net.ConnectException("Connection refused"));
        assertEquals("Connection refused", TargetJvm.message(rmi));
    }

    @Test
    void aPlainFailureSaysItsOwnMessageOrItsName() {
        assertEquals("no such process", TargetJvm.message(new IOException("no such process")));
        assertEquals("IOException", TargetJvm.message(new IOException()));
        assertEquals("lost", TargetJvm.message(new IOException("lost", new java.io.EOFException())));
        assertEquals("java.io.EOFException", TargetJvm.message(new IOException(new java.io.EOFException())));
    }
}
