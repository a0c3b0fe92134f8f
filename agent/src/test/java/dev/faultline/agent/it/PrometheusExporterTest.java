package dev.faultline.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.ScrapedApp;
import dev.faultline.agent.it.platformapps.AppClassPath;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real Prometheus JMX exporter ({@code io.prometheus.jmx:jmx_prometheus_javaagent},
 * copied by the build into {@code target/it-lib/prometheus}) runs beside faultline with the
 * configuration that docs/prometheus.md shows ({@code docs/prometheus/faultline.yaml}),
 * bound to 127.0.0.1; {@link ScrapedApp} makes a known number of traced calls, and this
 * test scrapes {@code /metrics} over HTTP as Prometheus would: each traced method's calls,
 * errors, faults and durations come out under their documented names and types, and go
 * once the agent is detached.
 */
class PrometheusExporterTest {
    private static final String APP = "com.acme.ScrapedApp";
    private static final String TOUCH = APP + "#touch";
    private static final String LATE = APP + "$Late#work";

    private static Process jvm;
    private static final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
    private static Path stderr;
    private static URI metrics;
    private static Path config;
    private static PrometheusText scrape;
    private static PrometheusText afterDetach;

    @BeforeAll
    static void startAndScrape() throws Exception {
        int port = freePort();
        metrics = URI.create("http://127.0.0.1:" + port + "/metrics");
        config = Path.of(System.getProperty("faultline.prometheus.config", "../docs/prometheus/faultline.yaml"));
        assertTrue(Files.isRegularFile(config), () -> "no exporter configuration at " + config.toAbsolutePath());
        List<String> command = AgentJvm.main(ScrapedApp.class)
                .classPath(AppClassPath.testClasses().nativeBridge().toString())
                .options("trace=" + TOUCH + ",trace=" + APP + "#fail,trace=" + APP + "#label,trace=" + LATE
                        + ",sink=stderr,native=false")
                .jvmArgs("-javaagent:" + exporterJar() + "=127.0.0.1:" + port + ":" + config.toAbsolutePath(),
                        "-Djdk.attach.allowAttachSelf=true")
                .args(AgentJvm.AGENT_JAR.toAbsolutePath().toString())
                .command();
        stderr = Files.createTempFile("faultline-prometheus", ".err");
        jvm = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(jvm.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    stdout.add(line);
                }
            } catch (IOException e) {
                stdout.add("(stdout: " + e + ")");
            }
        }, "scraped-app-stdout");
        reader.setDaemon(true);
        reader.start();
        awaitLine("ready");
        // the late method's bean is registered by the agent's own thread a moment after its class loads
        scrape = scrapeUntil(s -> !s.find("faultline_method_calls_total", "method", LATE).isEmpty());

        send("detach");
        awaitLine("detached");
        afterDetach = scrapeUntil(s -> s.find("faultline_method_calls_total").isEmpty());
    }

    @AfterAll
    static void stop() throws Exception {
        if (jvm != null) {
            jvm.getOutputStream().close(); // the end of stdin ends the app
            if (!jvm.waitFor(30, TimeUnit.SECONDS)) {
                jvm.destroyForcibly();
            }
        }
        if (stderr != null) {
            Files.deleteIfExists(stderr);
        }
    }

    @Test
    void callsOfEachTracedMethodComeOutExactlyAsACounter() {
        assertEquals(ScrapedApp.TOUCH_CALLS, scrape.value("faultline_method_calls_total", "method", TOUCH));
        assertEquals(ScrapedApp.TOUCH_CALLS, scrape.value("faultline_method_measured_calls_total", "method", TOUCH));
        assertEquals(ScrapedApp.FAIL_CALLS, scrape.value("faultline_method_calls_total", "method", APP + "#fail"));
        assertEquals("counter", scrape.type.get("faultline_method_calls_total"));
        // entry dumps, well under max-per-second: one printed for each call
        assertEquals(ScrapedApp.TOUCH_CALLS, scrape.value("faultline_method_dumps_printed_total", "method", TOUCH));
        assertEquals(0, scrape.value("faultline_method_dumps_suppressed_total", "method", TOUCH));
    }

    @Test
    void minorFaultsCountEveryTouchedPage() {
        double pages = ScrapedApp.TOUCH_CALLS * ScrapedApp.PAGES;
        double minor = scrape.value("faultline_method_minor_faults_total", "method", TOUCH);
        // one minor fault per fresh page; the first call may load a class or two besides
        assertTrue(minor >= pages && minor < pages + 256, () -> "minor faults " + minor + ", pages " + pages);
        double most = scrape.value("faultline_method_max_minor_faults_per_call", "method", TOUCH);
        assertTrue(most >= ScrapedApp.PAGES && most <= minor, () -> "most in one call " + most);
        assertEquals("counter", scrape.type.get("faultline_method_minor_faults_total"));
        assertEquals("gauge", scrape.type.get("faultline_method_max_minor_faults_per_call"));
    }

    @Test
    void durationsAreInSecondsAndTheP99LiesBetweenTheSleepAndTheLongestCall() {
        double sleep = ScrapedApp.SLEEP_MILLIS / 1000.0;
        double p50 = scrape.value("faultline_method_p50_seconds", "method", TOUCH);
        double p99 = scrape.value("faultline_method_p99_seconds", "method", TOUCH);
        double max = scrape.value("faultline_method_max_seconds", "method", TOUCH);
        assertTrue(sleep <= p50 && p50 <= p99 && p99 <= max && max < 5,
                () -> "p50 " + p50 + " s, p99 " + p99 + " s, max " + max + " s; each call sleeps " + sleep + " s");
        double total = scrape.value("faultline_method_duration_seconds_total", "method", TOUCH);
        assertTrue(total >= ScrapedApp.TOUCH_CALLS * sleep && total <= ScrapedApp.TOUCH_CALLS * max + 1e-9,
                () -> "summed duration " + total + " s");
        assertEquals("gauge", scrape.type.get("faultline_method_p99_seconds"));
        assertEquals("counter", scrape.type.get("faultline_method_duration_seconds_total"));
    }

    @Test
    void callsThatThrewAreErrors() {
        assertEquals(ScrapedApp.FAIL_CALLS, scrape.value("faultline_method_errors_total", "method", APP + "#fail"));
        assertEquals(0, scrape.value("faultline_method_errors_total", "method", TOUCH));
    }

    @Test
    void overloadsAreTwoSeriesToldApartByTheirDescriptor() {
        assertEquals(2, scrape.find("faultline_method_calls_total", "method", APP + "#label").size(), scrape.text);
        assertEquals(2, scrape.value("faultline_method_calls_total", "method", APP + "#label", "descriptor", "(I)I"));
        assertEquals(3, scrape.value("faultline_method_calls_total", "method", APP + "#label",
                "descriptor", "(Ljava/lang/String;)Ljava/lang/String;"));
    }

    @Test
    void aMethodFirstTracedAfterTheBeansWereRegisteredGetsItsOwnBean() {
        assertEquals(ScrapedApp.LATE_CALLS, scrape.value("faultline_method_calls_total", "method", LATE));
    }

    @Test
    void helpTextIsTheAttributesDescription() {
        String help = scrape.help.get("faultline_method_calls_total");
        assertTrue(help != null && help.startsWith("Calls of the method, every one counted (counter)"), help);
        String p99 = scrape.help.get("faultline_method_p99_seconds");
        assertTrue(p99 != null && p99.contains("in seconds"), p99);
        String rss = scrape.help.get("faultline_memory_rss_bytes");
        assertTrue(rss != null && rss.startsWith("Resident memory of the process, VmRSS, in bytes"), rss);
    }

    @Test
    void theProcessAndTracerBeansComeOutUnderFaultlineNamesToo() {
        assertTrue(scrape.value("faultline_memory_rss_bytes") > 0, scrape.text);
        assertTrue(scrape.value("faultline_memory_minor_faults_total") >= ScrapedApp.TOUCH_CALLS * ScrapedApp.PAGES);
        assertEquals("counter", scrape.type.get("faultline_memory_minor_faults_total"));
        double dumps = ScrapedApp.TOUCH_CALLS + ScrapedApp.FAIL_CALLS + 5 + ScrapedApp.LATE_CALLS;
        assertEquals(dumps, scrape.value("faultline_tracer_dumps_printed_total"));
        // every series of faultline's beans is mapped by a rule: none keeps the exporter's default name
        assertTrue(!scrape.text.contains("dev_faultline"), scrape.text);
    }

    @Test
    void everyMetricThatTheDocsNameComesOut() throws IOException {
        Path doc = config.toAbsolutePath().getParent().getParent().resolve("prometheus.md");
        Matcher names = Pattern.compile("faultline_[a-z0-9_]*[a-z0-9](?![a-z0-9_$])")
                .matcher(Files.readString(doc));
        List<String> missing = new ArrayList<>();
        int named = 0;
        while (names.find()) {
            named++;
            if (!scrape.type.containsKey(names.group()) && !missing.contains(names.group())) {
                missing.add(names.group());
            }
        }
        assertTrue(named > 20, () -> "the docs name few metrics: " + doc);
        assertEquals(List.of(), missing, "named in " + doc + ", not in the scrape");
    }

    @Test
    void theRulesThatTheDocsShowAreThoseOfTheConfigurationFile() throws IOException {
        String text = Files.readString(config.toAbsolutePath().getParent().getParent().resolve("prometheus.md"));
        String file = Files.readString(config);
        Matcher blocks = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(text);
        int shown = 0;
        while (blocks.find()) {
            shown++;
            assertTrue(file.contains(blocks.group(1)), () -> "not in " + config + ":\n" + blocks.group(1));
        }
        assertTrue(shown > 0, "the docs show no rule");
    }

    @Test
    void afterDetachNoMethodSeriesIsLeft() {
        assertEquals(List.of(), afterDetach.find("faultline_method_calls_total"));
        assertEquals(List.of(), afterDetach.find("faultline_method_p99_seconds"));
        assertEquals(List.of(), afterDetach.find("faultline_tracer_dumps_printed_total"));
    }

    /** The exporter's agent jar that the build copied into {@code target/it-lib/prometheus}. */
    private static String exporterJar() throws IOException {
        Path dir = Path.of(System.getProperty("faultline.it.lib", "target/it-lib")).resolve("prometheus");
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("jmx_prometheus_javaagent-"))
                    .findFirst().orElseThrow(() -> new AssertionError("no exporter jar in " + dir.toAbsolutePath()))
                    .toAbsolutePath().toString();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void send(String line) throws IOException {
        OutputStream in = jvm.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    private static void awaitLine(String expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        StringBuilder seen = new StringBuilder();
        while (System.nanoTime() < deadline) {
            String line = stdout.poll(100, TimeUnit.MILLISECONDS);
            if (line != null) {
                seen.append(line).append('\n');
                if (line.equals(expected)) {
                    return;
                }
            } else if (!jvm.isAlive()) {
                break;
            }
        }
        throw new AssertionError("the app did not print '" + expected + "'; stdout:\n" + seen + "stderr:\n"
                + Files.readString(stderr));
    }

    /** Scrapes every 100 ms until {@code done} holds for the scrape (at most 20 s), and returns that scrape. */
    private static PrometheusText scrapeUntil(Predicate<PrometheusText> done) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        PrometheusText last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(metrics)
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response::body);
            last = PrometheusText.parse(response.body());
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the scrape never showed what was waited for; last scrape:\n"
                + (last == null ? "(none)" : last.text) + "\nstderr:\n" + Files.readString(stderr));
    }
}
