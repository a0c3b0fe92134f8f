package dev.faultline.processor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Label encoding: only the characters that would break a line of the index are escaped. */
class OptionsFieldTest {
    @Test
    void percentCommaEqualsAndControlCharactersAreEncodedAsUpperCaseHex() {
        assertEquals("a%25b%2Cc%3Dd%09e%0Df%0Ag%01h%1F", OptionsField.encode("a%b,c=d\te\rf\ng\u0001h\u001f"));
    }

    @Test
    void everythingElseIsWrittenAsItIs() {
        String label = "größe ✓ 😀 ~!#&+;:/?[]{}\"'\\ \u007f";
        assertEquals(label, OptionsField.encode(label));
    }

    @Test
    void aPercentDecoderGivesTheLabelBack() {
        // URLDecoder is an independent decoder of %XX (it also turns '+' into ' ', so none here)
        String label = "50%, a=b\tc\r\nnaïve ✓";
        assertEquals(label, URLDecoder.decode(OptionsField.encode(label), StandardCharsets.UTF_8));
    }
}
