package dev.stresslab.coderunner.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/** code-runner's settings (application.properties; each has a CODE_RUNNER_... environment override). */
@ConfigMapping(prefix = "code-runner")
public interface CodeRunnerConfig {
    /** Datasets directory laid out like REST's data/ (LiveCodeBench in livecodebench/test.jsonl ... test5.jsonl). */
    @WithDefault("../shared/datasets")
    String datasetsDir();

    /** A LiveCodeBench release directory or file instead of {@code <datasets-dir>/livecodebench}. */
    Optional<String> livecodebenchPath();

    /** Programs run at once (each in its own sandbox under its own uid); 0 = one per available core. */
    @WithDefault("0")
    int concurrency();

    /** REST's per-test timeout: one alarm for loading the program and one per test. */
    @WithDefault("6")
    int perTestSeconds();

    /** RLIMIT_AS per program. */
    @WithDefault("1073741824")
    long addressSpaceBytes();

    /** RLIMIT_NPROC per sandbox uid. */
    @WithDefault("64")
    int maxProcesses();

    /** RLIMIT_FSIZE: largest file a program may write in its private /tmp. */
    @WithDefault("16777216")
    long maxFileBytes();

    /** Output read back from one program; more kills it. */
    @WithDefault("1048576")
    int maxOutputBytes();

    /** The sandboxes run as uids first-uid .. first-uid + concurrency - 1. */
    @WithDefault("60000")
    int firstUid();

    @WithDefault("/usr/bin/bwrap")
    String bwrap();

    @WithDefault("/usr/bin/python3")
    String python();
}
