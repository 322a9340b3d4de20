package dev.stresslab.contracts;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The operator's allow-list of model-server base URLs that a deployment event may register (the release gate checks it
 * before anything runs; the gateway checks it again where it registers the endpoint). An entry is a host pattern,
 * {@code *} matching any run of characters except {@code /}: {@code models.internal}, {@code *.models.internal},
 * {@code 127.0.0.1:*}. Without a port in the pattern, any port matches. Only http and https URLs without user info,
 * query or fragment are accepted; an empty list accepts nothing.
 */
public final class EndpointUrlAllowList {
    private final List<String> patterns;
    private final List<Pattern> compiled;

    public EndpointUrlAllowList(List<String> patterns) {
        this.patterns = List.copyOf(patterns);
        this.compiled = this.patterns.stream().map(String::strip).filter(p -> !p.isEmpty())
                .map(p -> Pattern.compile(glob(p.toLowerCase(Locale.ROOT)))).toList();
    }

    /** Empty when {@code baseUrl} may be used; otherwise why not, in words an operator can act on. */
    public Optional<String> refusal(String baseUrl) {
        URI uri;
        try {
            uri = new URI(baseUrl);
        } catch (URISyntaxException | NullPointerException e) {
            return Optional.of("base URL '" + baseUrl + "' is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("base URL '" + baseUrl + "' must be http or https");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return Optional.of("base URL '" + baseUrl + "' must be scheme://host[:port][/path], without user info, query or fragment");
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        String hostPort = uri.getPort() < 0 ? host : host + ":" + uri.getPort();
        for (Pattern p : compiled) {
            boolean withPort = p.pattern().contains(":");
            if (p.matcher(withPort ? hostPort : host).matches()) {
                return Optional.empty();
            }
        }
        return Optional.of("base URL host '" + hostPort + "' is not in the allow-list of model servers "
                + (patterns.isEmpty() ? "(empty: registering endpoints from events is off)" : patterns));
    }

    private static String glob(String pattern) {
        List<String> parts = List.of(pattern.split("\\*", -1));
        return String.join("[^/]*", parts.stream().map(part -> part.isEmpty() ? "" : Pattern.quote(part)).toList());
    }
}
