package dev.stresslab.launcher;

import dev.stresslab.benchmarks.Benchmark;
import dev.stresslab.benchmarks.BenchmarkCatalog;
import dev.stresslab.benchmarks.BenchmarkFormatException;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ./stress-lab fetch-data}: downloads the benchmark files of REST's {@code data/} folder into a datasets
 * directory in Stress Lab's layout, so the demo can run every benchmark, not only the shipped sample.
 * <p>
 * Each file goes to a temporary file beside its target and is moved into place only after it is checked: not empty,
 * read by the same loader the composer uses, and, for the pinned commit, equal to the SHA-256 below. A failed file
 * therefore never leaves a partial or unchecked file where the demo would read it, and an earlier good copy stays.
 */
final class FetchDataCommand {

    /** opendatalab/REST commit 12c6bf3 ("add data"), the commit whose data/ folder the method was run on. */
    static final String REST_COMMIT = "12c6bf31f243854d23c544e6916b86e425b2a78a";
    /** Raw files of the REST repository; {@code {commit}} is replaced by {@code --commit}. Ends at {@code data/}. */
    static final String DEFAULT_BASE_URL = "https://raw.githubusercontent.com/opendatalab/REST/{commit}/data/";

    /**
     * One file to download.
     *
     * @param remotePath path under the base URL (REST's {@code data/} layout)
     * @param localPath  path under the destination (Stress Lab's layout; REST keeps MATH500 in {@code math/})
     * @param benchmark  the catalog name whose loader must read the file, or null for a file that is not a benchmark
     * @param sha256     the file's digest at {@link #REST_COMMIT}
     */
    record RemoteFile(String remotePath, String localPath, String benchmark, String sha256) {
    }

    /**
     * REST's six benchmark files and GPQA's licence notice at {@link #REST_COMMIT}. The digests were computed from the
     * project's copy of REST's data/ folder after checking that each file's git blob id equals the blob id in REST's
     * tree at that commit (so the copy is byte-identical).
     */
    static final List<RemoteFile> REST_FILES = List.of(
            new RemoteFile("gsm8k/test.jsonl", "gsm8k/test.jsonl", "gsm8k",
                    "3730d312f6e3440559ace48831e51066acaca737f6eabec99bccb9e4b3c39d14"),
            new RemoteFile("math/test_prm800k_500.json", "math500/test_prm800k_500.json", "math500",
                    "e6000d9b62653740cd75365126418a7e8b23d0604b70ba9185117568d36baa7c"),
            new RemoteFile("aime2024/test.jsonl", "aime2024/test.jsonl", "aime2024",
                    "9caf1c9710b8f7c32fe4718c6d5759ad56fdc77c56ccb055ee4bffe87978f507"),
            new RemoteFile("aime2025/test.jsonl", "aime2025/test.jsonl", "aime2025",
                    "dee94372847a43a5eb6b0a439047efa82f3804db221a55dc640053425315dd4b"),
            new RemoteFile("amc23/test.jsonl", "amc23/test.jsonl", "amc23",
                    "43707e1ca784602d8479de24ee8ce36609dbebc46dd152b0b12a46611aa898a4"),
            new RemoteFile("gpqa/gpqa_diamond.csv", "gpqa/gpqa_diamond.csv", "gpqa-diamond",
                    "41d1213cd7a4998605a26c2798500652572007161b3a92817ba46b35befcd305"),
            new RemoteFile("gpqa/license.txt", "gpqa/license.txt", null,
                    "c4591c2eba3382b05a60e8437b7f67cc428539acbd7081d3ffe3fa55a98132db"));

    private final HttpClient http;
    private final URI base;
    private final Path dest;
    private final boolean checkDigests;
    private final PrintStream out;
    private final String whoReads;

    /**
     * @param base         URL of REST's {@code data/} folder, ending in {@code /}
     * @param checkDigests false when the files come from another commit, whose digests are not known here
     */
    FetchDataCommand(HttpClient http, URI base, Path dest, boolean checkDigests, PrintStream out) {
        this(http, base, dest, checkDigests, out, "./stress-lab demo --datasets " + dest.toAbsolutePath().normalize() + " reads them");
    }

    /** @param whoReads how the files get used, for the closing line (the default destination needs no flag) */
    private FetchDataCommand(HttpClient http, URI base, Path dest, boolean checkDigests, PrintStream out, String whoReads) {
        this.http = http;
        this.base = base;
        this.dest = dest.toAbsolutePath().normalize();
        this.checkDigests = checkDigests;
        this.out = out;
        this.whoReads = whoReads;
    }

    /** Runs {@code fetch-data} with the options {@code --dest}, {@code --base-url}, {@code --commit}. */
    static int run(Map<String, String> opts, Path home, PrintStream out) throws InterruptedException {
        String commit = opts.getOrDefault("commit", REST_COMMIT).trim();
        if (!commit.matches("[0-9A-Za-z._-]+")) {
            out.println("--commit must be a commit hash or a branch name, was '" + commit + "'");
            return 2;
        }
        // an abbreviation of the pinned commit is the pinned commit: use the full hash, keep the digest check
        boolean pinned = commit.length() >= 7 && REST_COMMIT.startsWith(commit.toLowerCase());
        if (pinned) {
            commit = REST_COMMIT;
        }
        String template = opts.getOrDefault("base-url", DEFAULT_BASE_URL);
        URI base;
        try {
            String url = template.replace("{commit}", commit);
            base = URI.create(url.endsWith("/") ? url : url + "/");
            if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme())) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
        } catch (IllegalArgumentException e) {
            out.println("--base-url '" + template + "' is not usable: " + e.getMessage());
            return 2;
        }
        Path defaultDest = home.resolve(DatasetsDirectory.DOWNLOADED).toAbsolutePath().normalize();
        Path dest = Path.of(opts.getOrDefault("dest", defaultDest.toString())).toAbsolutePath().normalize();
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(30))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        out.println("fetching REST's data/ files from " + base + " into " + dest.toAbsolutePath().normalize());
        if (!pinned) {
            out.println("  (SHA-256 digests are known for commit " + REST_COMMIT.substring(0, 7) + " only; files of "
                    + commit + " are checked by loading them)");
        }
        String whoReads = dest.equals(defaultDest) ? "./stress-lab demo now reads them without --datasets"
                : "./stress-lab demo --datasets " + dest + " reads them";
        return new FetchDataCommand(http, base, dest, pinned, out, whoReads).fetch(REST_FILES);
    }

    /** Downloads every file, going on after a failure so that one run reports all of them; 0 when all are in place. */
    int fetch(List<RemoteFile> files) throws InterruptedException {
        int failed = 0;
        for (RemoteFile file : files) {
            Optional<String> error = fetch(file);
            if (error.isPresent()) {
                failed++;
                out.println("  FAILED " + file.localPath() + ": " + error.get());
            }
        }
        if (failed > 0) {
            out.printf("%d of %d files failed; the files listed as failed were not written (an earlier copy, if any, "
                    + "is unchanged). Fix the cause and run ./stress-lab fetch-data again.%n", failed, files.size());
            return 1;
        }
        out.println("all " + files.size() + " files are in " + dest + "; " + whoReads + " "
                + "(GPQA: CC BY 4.0, gpqa/license.txt; its authors ask that it not be posted in plain text on the "
                + "public web, so keep this folder out of public repositories)");
        return 0;
    }

    /** One file: the reason it failed, or empty when it is in place and checked. */
    private Optional<String> fetch(RemoteFile file) throws InterruptedException {
        Path target = dest.resolve(file.localPath());
        URI url = base.resolve(file.remotePath());
        if (checkDigests && Files.isRegularFile(target) && file.sha256().equals(sha256(target).orElse(""))) {
            out.println("  " + file.localPath() + ": already here, SHA-256 matches");
            return Optional.empty();
        }
        Path temp = null;
        boolean createdFolder = !Files.isDirectory(target.getParent());
        boolean placed = false;
        try {
            Files.createDirectories(target.getParent());
            // beside the target, so the final move is a rename within one file system and can be atomic
            temp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".part");
            HttpResponse<InputStream> response;
            try {
                response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(5)).GET().build(),
                        HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                return Optional.of("cannot download " + url + ": " + describe(e));
            }
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    return Optional.of("HTTP " + response.statusCode() + " from " + url);
                }
                Files.copy(body, temp, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                return Optional.of("download of " + url + " broke off: " + describe(e));
            }
            Optional<String> invalid = check(file, temp, url);
            if (invalid.isPresent()) {
                return invalid;
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            placed = true;
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot write " + target + ": " + describe(e));
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    out.println("  (could not remove the temporary file " + temp + ": " + e.getMessage() + ")");
                }
            }
            if (createdFolder && !placed) {
                // a folder such as aime2024/ with no file in it would suggest a download that never happened
                try {
                    Files.deleteIfExists(target.getParent());
                } catch (IOException e) {
                    // not empty (another file of the same folder landed) or not ours to remove: leave it
                }
            }
        }
    }

    /** Checks a downloaded file before it is moved into place; prints what it found when it is fine. */
    private Optional<String> check(RemoteFile file, Path downloaded, URI url) throws IOException {
        long size = Files.size(downloaded);
        if (size == 0) {
            return Optional.of("the server sent an empty file for " + url);
        }
        String what = "";
        if (file.benchmark() != null) {
            try {
                Benchmark b = BenchmarkCatalog.load(BenchmarkCatalog.entry(file.benchmark()).orElseThrow(), downloaded);
                what = String.format(", %d questions", b.size());
            } catch (BenchmarkFormatException e) {
                // the loader names the temporary file; the URL is what the user can look at
                return Optional.of("not a valid " + file.benchmark() + " file: "
                        + e.getMessage().replace(downloaded.toString(), url.toString()));
            }
        }
        if (checkDigests) {
            String actual = sha256(downloaded).orElseThrow();
            if (!actual.equals(file.sha256())) {
                return Optional.of("SHA-256 of " + url + " is " + actual + ", expected " + file.sha256()
                        + " (REST's file at " + REST_COMMIT.substring(0, 7) + ")");
            }
            what += ", SHA-256 ok";
        }
        out.printf("  %s: %,d bytes%s%n", file.localPath(), size, what);
        return Optional.empty();
    }

    static Optional<String> sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return Optional.of(HexFormat.of().formatHex(digest.digest()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
