package dev.faultline.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.ScrapedApp;
import com.sun.tools.attach.VirtualMachine;
import dev.faultline.agent.it.platformapps.AppClassPath;
import dev.faultline.agent.it.platformapps.ProcFacts;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.management.Attribute;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
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
 * once the agent is detached. The Container MXBean, read over JMX beside the scrape, has a
 * series for each of its numbers that it can have, of the type its description says; the
 * figures agree with the JVM's memory cgroup's own files and {@code /proc}, read just after.
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

    /** Each number of the Container MXBean and its metric. */
    private static final Map<String, String> CONTAINER_NUMBERS = pairs(
            "Available", "faultline_container_available",
            "CgroupVersion", "faultline_container_cgroup_version",
            "Usage", "faultline_container_usage_bytes",
            "PeakUsage", "faultline_container_peak_usage_bytes",
            "Limit", "faultline_container_limit_bytes",
            "BindingLimit", "faultline_container_binding_limit_bytes",
            "BindingLimitUsage", "faultline_container_binding_limit_usage_bytes",
            "High", "faultline_container_high_bytes",
            "SwapUsage", "faultline_container_swap_usage_bytes",
            "BindingSwapLimit", "faultline_container_binding_swap_limit_bytes",
            "Anon", "faultline_container_anon_bytes",
            "File", "faultline_container_file_bytes",
            "InactiveFile", "faultline_container_inactive_file_bytes",
            "Shmem", "faultline_container_shmem_bytes",
            "FileMapped", "faultline_container_file_mapped_bytes",
            "FileDirty", "faultline_container_file_dirty_bytes",
            "Kernel", "faultline_container_kernel_bytes",
            "Headroom", "faultline_container_headroom_bytes",
            "HeadroomFraction", "faultline_container_headroom_fraction",
            "LowestHeadroom", "faultline_container_lowest_headroom_bytes",
            "OomKills", "faultline_container_oom_kills_total",
            "OomKillsSinceStart", "faultline_container_oom_kills_since_start_total",
            "FailCount", "faultline_container_fail_count_total",
            "HighEvents", "faultline_container_high_events_total",
            "MaxEvents", "faultline_container_max_events_total",
            "OomEvents", "faultline_container_oom_events_total",
            "OomScore", "faultline_container_oom_score",
            "OomScoreAdj", "faultline_container_oom_score_adj",
            "PressureSomeAvg10", "faultline_container_pressure_some_avg10",
            "PressureFullAvg10", "faultline_container_pressure_full_avg10",
            "PressureSomeSeconds", "faultline_container_pressure_some_seconds_total",
            "PressureFullSeconds", "faultline_container_pressure_full_seconds_total",
            "SystemPressureSomeAvg10", "faultline_container_system_pressure_some_avg10",
            "OomWarnBytes", "faultline_container_oom_warn_bytes",
            "OomRiskWarnings", "faultline_container_oom_risk_warnings_total");
    /** Each short string of the Container MXBean and its label, which a series of the same name carries. */
    private static final Map<String, String> CONTAINER_LABELS = pairs(
            "CgroupPath", "cgroup_path",
            "BindingLimitPath", "binding_limit_path",
            "HeadroomBound", "headroom_bound",
            "PressureSource", "pressure_source");
    /** Sentences and free text: no rule takes them (docs/prometheus.md). */
    private static final Set<String> CONTAINER_LEFT_OUT = Set.of("Problem", "HeadroomReason", "Summary");

    /** The Container MXBean's attributes, read over JMX just after {@link #scrape}: their values and descriptions. */
    private static final Map<String, Object> container = new LinkedHashMap<>();
    private static final Map<String, String> containerHelp = new LinkedHashMap<>();
    /** The JVM's memory cgroup, and what its files and /proc said just after {@link #scrape}. */
    private static MemoryCgroup cgroup;
    private static long cgroupUsage;
    private static long cgroupOomKills;
    private static long oomScore;
    private static long oomScoreAdj;
    private static long memAvailable;
    private static long swapFree;
    private static long ramAndSwap;
    /** {@code total=} of the "some" line of /proc/pressure/memory in seconds; -1 without PSI. */
    private static double systemPressureSomeSeconds;

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
        // the late method's bean is registered by the agent's own thread a moment after its class loads;
        // the lowest headroom is known from the memory monitor's first sample on
        scrape = scrapeUntil(s -> !s.find("faultline_method_calls_total", "method", LATE).isEmpty()
                && !s.find("faultline_container_lowest_headroom_bytes").isEmpty());
        readTheGroundTruth(jvm.pid());
        readTheContainerBean(jvm.pid());

        send("detach");
        awaitLine("detached");
        afterDetach = scrapeUntil(s -> s.find("faultline_method_calls_total").isEmpty()
                && s.find("faultline_container_usage_bytes").isEmpty());
    }

    private static void readTheGroundTruth(long pid) throws IOException {
        cgroup = MemoryCgroup.of(pid);
        cgroupUsage = cgroup.usage();
        cgroupOomKills = cgroup.oomKills();
        oomScore = MemoryCgroup.number(Path.of("/proc", Long.toString(pid), "oom_score"));
        oomScoreAdj = MemoryCgroup.number(Path.of("/proc", Long.toString(pid), "oom_score_adj"));
        memAvailable = ProcFacts.kbLine("/proc/meminfo", "MemAvailable");
        swapFree = ProcFacts.kbLine("/proc/meminfo", "SwapFree");
        ramAndSwap = ProcFacts.kbLine("/proc/meminfo", "MemTotal") + ProcFacts.kbLine("/proc/meminfo", "SwapTotal");
        systemPressureSomeSeconds = -1;
        Path psi = Path.of("/proc/pressure/memory");
        if (Files.isReadable(psi)) {
            for (String line : Files.readAllLines(psi)) {
                if (line.startsWith("some ")) {
                    systemPressureSomeSeconds = Long.parseLong(line.substring(line.indexOf("total=") + 6).trim()) / 1e6;
                }
            }
        }
    }

    private static void readTheContainerBean(long pid) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
        String url;
        try {
            url = vm.startLocalManagementAgent();
        } finally {
            vm.detach();
        }
        try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(url))) {
            MBeanServerConnection server = connector.getMBeanServerConnection();
            ObjectName name = new ObjectName("dev.faultline:type=Container");
            List<String> names = new ArrayList<>();
            for (MBeanAttributeInfo info : server.getMBeanInfo(name).getAttributes()) {
                names.add(info.getName());
                containerHelp.put(info.getName(), info.getDescription());
            }
            for (Attribute attribute : server.getAttributes(name, names.toArray(new String[0])).asList()) {
                container.put(attribute.getName(), attribute.getValue());
            }
        }
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
    void everyAttributeOfTheContainerBeanIsMappedOrSaidToBeLeftOut() {
        Set<String> mapped = new TreeSet<>(CONTAINER_NUMBERS.keySet());
        mapped.addAll(CONTAINER_LABELS.keySet());
        mapped.addAll(CONTAINER_LEFT_OUT);
        assertEquals(mapped, new TreeSet<>(container.keySet()), "the Container MXBean's attributes");
        for (String attribute : CONTAINER_NUMBERS.keySet()) {
            Object value = container.get(attribute);
            assertTrue(value instanceof Number || value instanceof Boolean, () -> attribute + " is not a number: " + value);
        }
    }

    @Test
    void eachNumberOfTheContainerBeanIsASeriesOfTheTypeItsDescriptionSaysOrNoneWhileUnknown() {
        CONTAINER_NUMBERS.forEach((attribute, metric) -> {
            Object value = container.get(attribute);
            if (unknown(attribute, value)) {
                assertEquals(List.of(), scrape.find(metric), () -> attribute + " reads " + value + " (unknown)");
                return;
            }
            assertEquals(1, scrape.find(metric).size(), () -> attribute + " reads " + value + ": no " + metric
                    + " in the scrape:\n" + scrape.text);
            String description = containerHelp.get(attribute);
            assertEquals(description.contains("(counter)") ? "counter" : "gauge", scrape.type.get(metric),
                    () -> metric + ", " + description);
            assertTrue(scrape.help.get(metric).startsWith(description), () -> metric + ": " + scrape.help.get(metric));
        });
    }

    @Test
    void figuresThatTheCgroupDoesNotHaveAndLimitsThatAreNotSetHaveNoSeries() {
        // the scrape worked (a negative counter would have failed all of it), and left them out
        if (!Files.exists(cgroup.dir.resolve("memory.high"))) { // v1
            assertEquals(List.of(), scrape.find("faultline_container_high_bytes"), cgroup::toString);
        }
        if (!Files.exists(cgroup.dir.resolve("memory.events"))) { // v1
            for (String events : List.of("high", "max", "oom")) {
                assertEquals(List.of(), scrape.find("faultline_container_" + events + "_events_total"), cgroup::toString);
            }
        }
        if (!Files.exists(cgroup.dir.resolve("memory.failcnt"))) { // v2
            assertEquals(List.of(), scrape.find("faultline_container_fail_count_total"), cgroup::toString);
        }
        Map<String, Long> limits = cgroup.limits();
        if (limits.containsKey(cgroup.path)) {
            assertEquals((double) limits.get(cgroup.path), scrape.value("faultline_container_limit_bytes"), cgroup::toString);
        } else {
            assertEquals(List.of(), scrape.find("faultline_container_limit_bytes"), cgroup::toString);
        }
        if (limits.isEmpty()) {
            assertEquals(List.of(), scrape.find("faultline_container_binding_limit_bytes"), cgroup::toString);
            assertEquals(List.of(), scrape.find("faultline_container_binding_limit_usage_bytes"), cgroup::toString);
            // an empty path: the series has no label
            PrometheusText.Sample binding = scrape.find("faultline_container_binding_limit_path").get(0);
            assertEquals(Map.of(), binding.labels, binding::toString);
        } else {
            double limit = scrape.value("faultline_container_binding_limit_bytes");
            assertTrue(limits.containsValue((long) limit), () -> limit + " is none of the limits " + limits);
            String by = scrape.find("faultline_container_binding_limit_path").get(0).labels.get("binding_limit_path");
            assertTrue(limits.containsKey(by), () -> by + " is none of the limited cgroups " + limits);
        }
    }

    @Test
    void theContainerFiguresAgreeWithTheCgroupsOwnFilesAndProc() {
        assertEquals(1, scrape.value("faultline_container_available"));
        assertEquals(cgroup.version, scrape.value("faultline_container_cgroup_version"), cgroup::toString);
        assertEquals(1, scrape.value("faultline_container_cgroup_path", "cgroup_path", cgroup.path), cgroup::toString);
        double usage = scrape.value("faultline_container_usage_bytes");
        assertWithin(cgroupUsage, usage, 0.05, "usage against " + cgroup.dir);
        double peak = scrape.value("faultline_container_peak_usage_bytes");
        assertTrue(peak >= usage, () -> "peak " + peak + ", usage " + usage);
        for (String part : List.of("anon", "file")) {
            double bytes = scrape.value("faultline_container_" + part + "_bytes");
            assertTrue(bytes > 0 && bytes <= usage, () -> part + " " + bytes + " of usage " + usage);
        }
        double file = scrape.value("faultline_container_file_bytes");
        double inactive = scrape.value("faultline_container_inactive_file_bytes");
        assertTrue(inactive <= file, () -> "inactive file " + inactive + " of file " + file);
        assertEquals(cgroupOomKills, scrape.value("faultline_container_oom_kills_total"), cgroup::toString);
        double sinceStart = scrape.value("faultline_container_oom_kills_since_start_total");
        assertTrue(sinceStart <= cgroupOomKills, () -> "since start " + sinceStart);
        // the score moves with the process's RSS, a point in about 1/666 of RAM + swap
        double score = scrape.value("faultline_container_oom_score");
        assertTrue(Math.abs(score - oomScore) <= 5, () -> "oom_score " + score + ", /proc says " + oomScore);
        assertEquals(oomScoreAdj, scrape.value("faultline_container_oom_score_adj"));
    }

    @Test
    void theHeadroomIsTheRoomLeftUnderTheLimitThatBinds() {
        String bound = scrape.find("faultline_container_headroom_bound").get(0).labels.get("headroom_bound");
        double headroom = scrape.value("faultline_container_headroom_bytes");
        long overcommit = ProcFacts.number("/proc/sys/vm/overcommit_memory");
        if (cgroup.limits().isEmpty() && overcommit != 2) {
            // nothing but the system binds: MemAvailable and free swap
            assertEquals("AVAILABLE_MEMORY", bound);
            assertWithin(memAvailable + swapFree, headroom, 0.05, "MemAvailable + SwapFree");
            assertWithin(headroom / ramAndSwap, scrape.value("faultline_container_headroom_fraction"), 0.01,
                    "a fraction of MemTotal + SwapTotal");
            // oom-warn's default, 10% of the limit that binds
            assertWithin(ramAndSwap / 10.0, scrape.value("faultline_container_oom_warn_bytes"), 0.01, "oom-warn");
        } else {
            assertTrue(List.of("CGROUP_LIMIT", "CGROUP_MEMORY_AND_SWAP_LIMIT", "COMMIT_LIMIT", "AVAILABLE_MEMORY")
                    .contains(bound), bound);
        }
        double lowest = scrape.value("faultline_container_lowest_headroom_bytes");
        assertTrue(lowest <= ramAndSwap, () -> "lowest headroom " + lowest);
        assertEquals(0, scrape.value("faultline_container_oom_risk_warnings_total"));
    }

    @Test
    void pressureIsTheCgroupsInV2AndTheSystemsInV1() {
        String source = scrape.find("faultline_container_pressure_source").get(0).labels.get("pressure_source");
        if (cgroup.version == 2 && Files.isReadable(cgroup.dir.resolve("memory.pressure"))) {
            assertEquals("cgroup", source);
        } else if (systemPressureSomeSeconds >= 0) {
            assertEquals("system", source);
            // stall time is a share of wall time: it grows by less than the second between the readings
            double seconds = scrape.value("faultline_container_pressure_some_seconds_total");
            assertTrue(seconds <= systemPressureSomeSeconds && seconds >= systemPressureSomeSeconds - 1,
                    () -> "some stall " + seconds + " s, /proc/pressure/memory just after " + systemPressureSomeSeconds);
        } else {
            assertEquals("unavailable", source);
            return;
        }
        for (String share : List.of("pressure_some_avg10", "pressure_full_avg10", "system_pressure_some_avg10")) {
            double value = scrape.value("faultline_container_" + share);
            assertTrue(value >= 0 && value <= 1, () -> share + " " + value);
        }
        assertEquals("counter", scrape.type.get("faultline_container_pressure_full_seconds_total"));
    }

    @Test
    void theContainerBeansShortStringsAreItsOnlyLabelsAndItsSentencesAreLeftOut() {
        for (String metric : scrape.type.keySet()) {
            assertTrue(!metric.contains("reason") && !metric.contains("summary") && !metric.contains("problem"), metric);
        }
        for (PrometheusText.Sample sample : scrape.samples) {
            if (sample.name.startsWith("faultline_container_")) {
                assertTrue(CONTAINER_LABELS.values().containsAll(sample.labels.keySet()), sample::toString);
            }
        }
    }

    @Test
    void everyMetricThatTheDocsNameComesOut() throws IOException {
        // but those of the Container MXBean's figures that this JVM's cgroup does not have (v2's in v1, a limit
        // that is not set): the bean reads them as unknown, and eachNumberOfTheContainerBean... checks that they
        // have no series
        List<String> unknown = new ArrayList<>();
        CONTAINER_NUMBERS.forEach((attribute, metric) -> {
            if (unknown(attribute, container.get(attribute))) {
                unknown.add(metric);
            }
        });
        Path doc = config.toAbsolutePath().getParent().getParent().resolve("prometheus.md");
        Matcher names = Pattern.compile("faultline_[a-z0-9_]*[a-z0-9](?![a-z0-9_$])")
                .matcher(Files.readString(doc));
        List<String> missing = new ArrayList<>();
        int named = 0;
        while (names.find()) {
            named++;
            if (!scrape.type.containsKey(names.group()) && !missing.contains(names.group())
                    && !unknown.contains(names.group())) {
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
        assertEquals(List.of(), afterDetach.find("faultline_container_usage_bytes"));
    }

    /** Whether the Container MXBean reads {@code value} of {@code attribute} as unknown or as a limit that is not set. */
    private static boolean unknown(String attribute, Object value) {
        if (value instanceof Boolean) {
            return false;
        }
        double number = ((Number) value).doubleValue();
        switch (attribute) {
            case "OomScoreAdj": // -1 is an adjustment
                return number == -1001;
            case "Headroom": // negative when over the limit
            case "LowestHeadroom":
            case "HeadroomFraction":
                return number == -1;
            default:
                return number < 0;
        }
    }

    private static Map<String, String> pairs(String... keysAndValues) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            pairs.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return pairs;
    }

    private static void assertWithin(double expected, double actual, double share, String what) {
        assertTrue(Math.abs(actual - expected) <= Math.abs(expected) * share, () -> what + ": expected " + expected
                + " within " + Math.round(share * 100) + " %, was " + actual);
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
