package dev.faultline.agent.internal.report;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HtmlTest {

    @Test
    void theFiveSpecialCharactersAreEscapedAndNothingElse() {
        assertEquals("a&lt;b&gt;c&amp;d&quot;e&#39;f", Html.escape("a<b>c&d\"e'f"));
        assertEquals("com.acme.Foo#&lt;init&gt;", Html.escape("com.acme.Foo#<init>"));
        assertEquals("plain text, ümlaut → arrow", Html.escape("plain text, ümlaut → arrow"));
        assertEquals("&amp;amp;", Html.escape("&amp;"), "escaping twice shows the first escape");
    }
}
