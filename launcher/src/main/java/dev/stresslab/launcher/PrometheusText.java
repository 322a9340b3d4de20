package dev.stresslab.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A service's {@code /q/metrics} page, read for a few values (the benchmark samples the gateway over time). */
final class PrometheusText {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String text;

    private PrometheusText(String text) {
        this.text = text;
    }

    static PrometheusText scrape(String baseUrl) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/q/metrics"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        return new PrometheusText(r.body());
    }

    /** The sum of the samples of {@code name} whose labels contain {@code labelPart} ("" for all); NaN if none. */
    double value(String name, String labelPart) {
        double sum = 0;
        boolean found = false;
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || !line.startsWith(name)) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            String metric = brace > 0 ? line.substring(0, brace) : line.substring(0, space);
            if (!metric.equals(name) || (brace > 0 && !line.substring(brace, line.indexOf('}') + 1).contains(labelPart))) {
                continue;
            }
            sum += Double.parseDouble(line.substring(space + 1));
            found = true;
        }
        return found ? sum : Double.NaN;
    }
}
