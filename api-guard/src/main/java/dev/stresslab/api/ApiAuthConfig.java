package dev.stresslab.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/**
 * The bearer token that state-changing requests must carry. {@code stresslab.api.token} (env STRESSLAB_API_TOKEN);
 * without one the service refuses them, unless {@code stresslab.api.auth=disabled} (the launcher's local demo).
 */
@ConfigMapping(prefix = "stresslab.api")
public interface ApiAuthConfig {

    @WithDefault("required")
    Mode auth();

    /** Never logged; compared in constant time. */
    Optional<String> token();

    enum Mode { required, disabled }
}
