package dev.stresslab.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Headless Debian Chromium on a throw-away profile, as analytics' ReportPageBrowserTest drives it (that module's
 * tests cannot be shared with the launcher's: they are Quarkus tests). Absent where /usr/bin/chromium is.
 */
final class HeadlessChromium {
    static final Path CHROMIUM = Path.of(System.getProperty("chromium", "/usr/bin/chromium"));

    private HeadlessChromium() {
    }

    static boolean available() {
        return Files.isExecutable(CHROMIUM);
    }

    /** The page's DOM after its scripts ran (fetches included) for up to {@code budgetMs} of virtual time. */
    static String dom(String url, int budgetMs) throws Exception {
        return run(url, budgetMs, "--dump-dom");
    }

    /** Saves a screenshot of the page and returns its path. */
    static Path screenshot(String url, Path target) throws Exception {
        Files.createDirectories(target.getParent());
        Files.deleteIfExists(target);
        run(url, 5000, "--screenshot=" + target, "--window-size=1280,1900", "--hide-scrollbars");
        return target;
    }

    private static String run(String url, int budgetMs, String... mode) throws Exception {
        Path profile = Files.createTempDirectory("chromium-profile");
        try {
            List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                    "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--virtual-time-budget=" + budgetMs));
            cmd.addAll(List.of(mode));
            cmd.add(url);
            Path out = profile.resolve("stdout");
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(profile.resolve("stderr").toFile()).start();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("chromium did not finish in 90 s");
            }
            if (p.exitValue() != 0) {
                throw new AssertionError("chromium failed: " + Files.readString(profile.resolve("stderr")));
            }
            return Files.readString(out);
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
