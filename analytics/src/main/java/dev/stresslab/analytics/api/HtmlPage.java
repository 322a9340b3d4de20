package dev.stresslab.analytics.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The HTML shell of a report page: ECharts from its webjar, the page's numbers embedded as JSON in a
 * {@code <script type="application/json">} element, and the page script that draws charts and tables from them.
 */
final class HtmlPage {
    static final String ECHARTS = "/webjars/echarts/5.3.1/dist/echarts.min.js";

    private HtmlPage() {
    }

    static String render(ObjectMapper mapper, String title, String script, Object data) {
        return render(mapper, title, script, data, true);
    }

    /** @param charts whether the page loads ECharts (1 MB of script; the prompt pages draw no chart) */
    static String render(ObjectMapper mapper, String title, String script, Object data, boolean charts) {
        String json;
        try {
            // "<" escaped so that no string in the data can close the script element.
            json = mapper.writeValueAsString(data).replace("<", "\\u003c");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <title>%s</title>
                <link rel="stylesheet" href="/reports/report.css">
                %s
                </head>
                <body>
                <h1 id="title">%s</h1>
                <div id="content"></div>
                <script id="report-data" type="application/json">%s</script>
                <script src="/reports/common.js"></script>
                <script src="/reports/%s"></script>
                </body>
                </html>
                """.formatted(escape(title), charts ? "<script src=\"" + ECHARTS + "\"></script>" : "",
                escape(title), json, script);
    }

    static String escape(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
