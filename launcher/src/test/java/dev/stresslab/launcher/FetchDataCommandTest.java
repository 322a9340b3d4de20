package dev.stresslab.launcher;

import com.sun.net.httpserver.HttpServer;
import dev.stresslab.benchmarks.BenchmarkCatalog;
import dev.stresslab.launcher.FetchDataCommand.RemoteFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code fetch-data} against a local HTTP server that serves files the way raw.githubusercontent.com serves REST's
 * {@code data/} folder (GitHub is not reachable from the build machine). The server sends bytes unchanged, so what lands
 * can be compared byte for byte.
 */
class FetchDataCommandTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Path SAMPLE = REPO.resolve(DatasetsDirectory.SAMPLE);
    private static final Path SHARED = REPO.resolve(DatasetsDirectory.SHARED).normalize();

    /** The sample's two files under their REST paths, without digests (the pinned ones are the full files'). */
    private static final List<RemoteFile> SAMPLE_FILES = List.of(
            new RemoteFile("gsm8k/test.jsonl", "gsm8k/test.jsonl", "gsm8k", null),
            new RemoteFile("math/test_prm800k_500.json", "math500/test_prm800k_500.json", "math500", null));

    @TempDir
    Path dest;

    private final FileServer server = new FileServer();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @AfterEach
    void stop() {
        server.close();
    }

    private String output() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    private FetchDataCommand command(boolean checkDigests) {
        return new FetchDataCommand(HttpClient.newHttpClient(), URI.create(server.url("/data/")), dest, checkDigests, out);
    }

    private void serveSample() throws IOException {
        server.serve("/data/gsm8k/test.jsonl", Files.readAllBytes(SAMPLE.resolve("gsm8k/test.jsonl")));
        server.serve("/data/math/test_prm800k_500.json", Files.readAllBytes(SAMPLE.resolve("math500/test_prm800k_500.json")));
    }

    /** Temporary files the command may have left anywhere under the destination. */
    private List<Path> leftovers() throws IOException {
        try (Stream<Path> all = Files.walk(dest)) {
            return all.filter(p -> p.getFileName().toString().endsWith(".part")).toList();
        }
    }

    @Test
    void allSixBenchmarksLandInStressLabsLayoutLoadAndMatchRestsDigests() throws IOException {
        assumeTrue(Files.isDirectory(SHARED), "needs REST's files in " + SHARED + " to serve (the project machines have them)");
        String prefix = "/opendatalab/REST/" + FetchDataCommand.REST_COMMIT + "/data/";
        for (RemoteFile f : FetchDataCommand.REST_FILES) {
            server.serve(prefix + f.remotePath(), Files.readAllBytes(SHARED.resolve(f.localPath())));
        }

        // where fetch-data writes by default inside a repository root, so the demo's choice can be checked after
        Path home = dest.resolve("repo");
        Path target = home.resolve(DatasetsDirectory.DOWNLOADED);

        // through the command line, so --base-url's {commit} and the abbreviated --commit are exercised too
        int exit = Main.run(new String[]{"fetch-data", "--dest", target.toString(),
                "--base-url", server.url("/opendatalab/REST/{commit}/data"), "--commit", "12c6bf3"}, out);

        assertEquals(0, exit, output());
        for (RemoteFile f : FetchDataCommand.REST_FILES) {
            assertArrayEquals(Files.readAllBytes(SHARED.resolve(f.localPath())), Files.readAllBytes(target.resolve(f.localPath())),
                    f.localPath());
        }
        Map<String, Integer> expectedSizes = Map.of("gsm8k", 1319, "math500", 500, "aime2024", 30, "aime2025", 30,
                "amc23", 40, "gpqa-diamond", 198);
        expectedSizes.forEach((name, size) -> assertEquals(size, BenchmarkCatalog.load(name, target).size(), name));
        assertTrue(output().contains("math500/test_prm800k_500.json: 465,456 bytes, 500 questions, SHA-256 ok"), output());
        assertTrue(output().contains("all 7 files are in " + target + "; ./stress-lab demo --datasets " + target + " reads them"),
                output());
        assertTrue(leftovers().isEmpty(), "temporary files left: " + leftovers());
        assertEquals(new DatasetsDirectory(target, DatasetsDirectory.Source.DOWNLOADED), DatasetsDirectory.resolve(null, null, home),
                "the demo reads what fetch-data wrote");

        int requestsBefore = server.requests.get();
        assertEquals(0, Main.run(new String[]{"fetch-data", "--dest", target.toString(),
                "--base-url", server.url("/opendatalab/REST/{commit}/data/")}, out));
        assertEquals(requestsBefore, server.requests.get(), "files whose digest already matches are not downloaded again");
    }

    @Test
    void aMissingFileGivesTheStatusAndUrlAndLeavesNoFileWhileTheOthersLand() throws IOException, InterruptedException {
        serveSample();
        List<RemoteFile> files = Stream.concat(SAMPLE_FILES.stream(),
                Stream.of(new RemoteFile("aime2024/test.jsonl", "aime2024/test.jsonl", "aime2024", null))).toList();

        int exit = command(false).fetch(files);

        assertEquals(1, exit, output());
        assertTrue(output().contains("FAILED aime2024/test.jsonl: HTTP 404 from " + server.url("/data/aime2024/test.jsonl")), output());
        assertTrue(output().contains("1 of 3 files failed"), output());
        assertFalse(Files.exists(dest.resolve("aime2024")), "no empty folder suggesting a download");
        assertTrue(leftovers().isEmpty(), "temporary files left: " + leftovers());
        assertEquals(50, BenchmarkCatalog.load("gsm8k", dest).size());
        assertEquals(50, BenchmarkCatalog.load("math500", dest).size());
    }

    @Test
    void aCorruptFileIsRejectedWithItsUrlAndLineAndAnEarlierGoodCopyStays() throws IOException, InterruptedException {
        byte[] good = Files.readAllBytes(SAMPLE.resolve("gsm8k/test.jsonl"));
        Files.createDirectories(dest.resolve("gsm8k"));
        Files.write(dest.resolve("gsm8k/test.jsonl"), good);
        // a download cut off in the middle of line 3
        int cut = indexOfNthNewline(good, 2) + 40;
        server.serve("/data/gsm8k/test.jsonl", Arrays.copyOf(good, cut));

        int exit = command(false).fetch(SAMPLE_FILES.subList(0, 1));

        assertEquals(1, exit, output());
        String url = server.url("/data/gsm8k/test.jsonl");
        assertTrue(output().contains("FAILED gsm8k/test.jsonl: not a valid gsm8k file: " + url + ":3: not valid JSON"), output());
        assertArrayEquals(good, Files.readAllBytes(dest.resolve("gsm8k/test.jsonl")), "the earlier copy is untouched");
        assertTrue(leftovers().isEmpty(), "temporary files left: " + leftovers());
    }

    @Test
    void aFileThatLoadsButDiffersFromRestsIsRejectedByItsDigest() throws IOException, InterruptedException {
        serveSample(); // a valid GSM8K file, but 50 lines where REST's has 1319

        int exit = command(true).fetch(FetchDataCommand.REST_FILES.subList(0, 1));

        assertEquals(1, exit, output());
        assertTrue(output().contains("FAILED gsm8k/test.jsonl: SHA-256 of " + server.url("/data/gsm8k/test.jsonl")
                + " is 4718cc77e7d7b11c3fc2a049d7a0dbda483fc4bd37e5432488c9f9d0f2cf181a, expected "
                + FetchDataCommand.REST_FILES.get(0).sha256()), output());
        assertFalse(Files.exists(dest.resolve("gsm8k/test.jsonl")));
        assertTrue(leftovers().isEmpty(), "temporary files left: " + leftovers());
    }

    @Test
    void anEmptyResponseIsRejected() throws IOException, InterruptedException {
        server.serve("/data/gsm8k/test.jsonl", new byte[0]);

        assertEquals(1, command(false).fetch(SAMPLE_FILES.subList(0, 1)), output());

        assertTrue(output().contains("FAILED gsm8k/test.jsonl: the server sent an empty file for "
                + server.url("/data/gsm8k/test.jsonl")), output());
        assertFalse(Files.exists(dest.resolve("gsm8k/test.jsonl")));
    }

    @Test
    void anUnreachableServerIsReportedPerFileWithItsUrl() throws InterruptedException {
        String base = server.url("/data/");
        server.close(); // nothing listens on the port any more

        int exit = new FetchDataCommand(HttpClient.newHttpClient(), URI.create(base), dest, false, out).fetch(SAMPLE_FILES);

        assertEquals(1, exit, output());
        assertTrue(output().contains("FAILED gsm8k/test.jsonl: cannot download " + base + "gsm8k/test.jsonl: "), output());
        assertTrue(output().contains("FAILED math500/test_prm800k_500.json: cannot download " + base + "math/test_prm800k_500.json: "), output());
        assertTrue(output().contains("2 of 2 files failed"), output());
    }

    @Test
    void aBaseUrlThatIsNotHttpIsRefusedBeforeAnyDownload() {
        int exit = Main.run(new String[]{"fetch-data", "--dest", dest.toString(), "--base-url", "file:///tmp/data/"}, out);

        assertEquals(2, exit, output());
        assertTrue(output().contains("--base-url 'file:///tmp/data/' is not usable"), output());
    }

    private static int indexOfNthNewline(byte[] bytes, int n) {
        for (int i = 0, seen = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n' && ++seen == n) {
                return i;
            }
        }
        throw new IllegalArgumentException("fewer than " + n + " lines");
    }

    /** Serves byte arrays by exact path; anything else is a 404, as GitHub answers for a path not in the commit. */
    private static final class FileServer implements AutoCloseable {
        private final Map<String, byte[]> files = new ConcurrentHashMap<>();
        final AtomicInteger requests = new AtomicInteger();
        private final HttpServer http;
        private boolean stopped;

        FileServer() {
            try {
                http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            http.createContext("/", exchange -> {
                requests.incrementAndGet();
                byte[] body = files.get(exchange.getRequestURI().getPath());
                if (body == null) {
                    byte[] notFound = "404: Not Found".getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(404, notFound.length);
                    try (OutputStream o = exchange.getResponseBody()) {
                        o.write(notFound);
                    }
                    return;
                }
                exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
                try (OutputStream o = exchange.getResponseBody()) {
                    o.write(body);
                }
            });
            http.start();
        }

        void serve(String path, byte[] body) {
            files.put(path, body);
        }

        String url(String path) {
            return "http://127.0.0.1:" + http.getAddress().getPort() + path;
        }

        @Override
        public synchronized void close() {
            if (!stopped) {
                stopped = true;
                http.stop(0);
            }
        }
    }
}
