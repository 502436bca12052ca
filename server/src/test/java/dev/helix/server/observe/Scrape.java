package dev.helix.server.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hawkular.agent.prometheus.text.TextPrometheusMetricDataParser;
import org.hawkular.agent.prometheus.types.Counter;
import org.hawkular.agent.prometheus.types.Gauge;
import org.hawkular.agent.prometheus.types.Histogram;
import org.hawkular.agent.prometheus.types.Metric;
import org.hawkular.agent.prometheus.types.MetricFamily;

/**
 * One scrape of {@code /metrics}, read with Hawkular's Prometheus text-format parser (not by hand): families by
 * name, samples by their exact label set. A histogram is checked for the format's rules as it is read: buckets in
 * increasing order, cumulative counts that never fall, a {@code +Inf} bucket equal to the count.
 */
public final class Scrape {
    private final Map<String, MetricFamily> families = new LinkedHashMap<>();

    private Scrape() {
    }

    public static Scrape parse(String text) {
        var scrape = new Scrape();
        try {
            var parser = new TextPrometheusMetricDataParser(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
            MetricFamily family;
            while ((family = parser.parse()) != null) {
                MetricFamily before = scrape.families.put(family.getName(), family);
                assertEquals(null, before, "family " + family.getName() + " appears twice");
                for (Metric m : family.getMetrics()) {
                    if (m instanceof Histogram h) {
                        checkHistogram(family.getName(), h);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return scrape;
    }

    private static void checkHistogram(String name, Histogram h) {
        List<Histogram.Bucket> buckets = h.getBuckets();
        assertTrue(!buckets.isEmpty(), name + " has buckets");
        for (int i = 1; i < buckets.size(); i++) {
            assertTrue(buckets.get(i).getUpperBound() > buckets.get(i - 1).getUpperBound(), name + ": bounds increase");
            assertTrue(buckets.get(i).getCumulativeCount() >= buckets.get(i - 1).getCumulativeCount(),
                    name + ": counts are cumulative");
        }
        Histogram.Bucket last = buckets.get(buckets.size() - 1);
        assertEquals(Double.POSITIVE_INFINITY, last.getUpperBound(), name + " ends with +Inf");
        assertEquals(h.getSampleCount(), last.getCumulativeCount(), name + ": +Inf bucket = count");
    }

    public boolean has(String family) {
        return families.containsKey(family);
    }

    public MetricFamily family(String name) {
        MetricFamily f = families.get(name);
        assertTrue(f != null, "no metric family " + name + " in " + families.keySet());
        return f;
    }

    /** The sample with exactly these labels, or null. */
    private Metric sample(String family, Map<String, String> labels) {
        if (!families.containsKey(family)) {
            return null;
        }
        for (Metric m : families.get(family).getMetrics()) {
            if (m.getLabels().equals(labels)) {
                return m;
            }
        }
        return null;
    }

    /** A counter's or gauge's value with exactly these labels; 0 when the sample is absent (not counted yet). */
    public double value(String family, Map<String, String> labels) {
        Metric m = sample(family, labels);
        return switch (m) {
            case null -> 0;
            case Counter c -> c.getValue();
            case Gauge g -> g.getValue();
            default -> throw new AssertionError(family + " is not a counter or gauge: " + m);
        };
    }

    /** A histogram's count with exactly these labels; 0 when absent. */
    public long count(String family, Map<String, String> labels) {
        return sample(family, labels) instanceof Histogram h ? h.getSampleCount() : 0;
    }

    public double sum(String family, Map<String, String> labels) {
        return sample(family, labels) instanceof Histogram h ? h.getSampleSum() : 0;
    }

    /** The number of observations at or below {@code bound}. */
    public long bucket(String family, Map<String, String> labels, double bound) {
        if (!(sample(family, labels) instanceof Histogram h)) {
            return 0;
        }
        return h.getBuckets().stream().filter(b -> b.getUpperBound() == bound).findFirst()
                .orElseThrow(() -> new AssertionError(family + " has no bucket " + bound)).getCumulativeCount();
    }
}
