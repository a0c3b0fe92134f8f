package dev.faultline.agent.internal.options;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The options page documents exactly the options the parser knows. */
class OptionsDocTest {

    @Test
    void everyOptionOfTheParserIsInTheOptionsTableAndNothingElse() throws Exception {
        Path doc = Path.of("..", "docs", "options.md");
        List<String> documented = new ArrayList<>();
        Matcher row = Pattern.compile("(?m)^\\| `([a-z-]+)` \\|").matcher(Files.readString(doc));
        while (row.find()) {
            documented.add(row.group(1));
        }
        assertEquals(OptionsParser.KEYS, documented, "docs/options.md rows, in order");
    }
}
