package dev.stresslab.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No Docker engine runs here, so docker-compose.yml is checked against the services themselves: every environment
 * variable must be the override of a key the service declares, ports and health checks must match the service's
 * quarkus.http.port, dependencies and Prometheus targets must exist.
 */
class DeploymentConsistencyTest {
    private static final Path HOME = Path.of("..").toAbsolutePath().normalize();
    private static final List<String> SERVICES = List.of("prompt-composer", "inference-gateway", "scorer", "analytics", "model-simulator",
            "code-runner", "release-gate");

    private final JsonNode compose = new ObjectMapper(new YAMLFactory()).readTree(HOME.resolve("docker-compose.yml").toFile());

    DeploymentConsistencyTest() throws IOException {
    }

    @Test
    void everyServiceIsBuiltFromItsModuleWithKeysItDeclares() throws IOException {
        for (String service : SERVICES) {
            JsonNode s = compose.path("services").path(service);
            assertTrue(s.isObject(), service + " is missing from docker-compose.yml");
            assertEquals(service, s.path("build").path("args").path("MODULE").asText(), service + " builds the wrong module");
            Properties props = properties(service);
            Set<String> envNames = new HashSet<>();
            for (String key : props.stringPropertyNames()) {
                envNames.add(key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase());
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = s.path("environment").fields(); it.hasNext(); ) {
                String env = it.next().getKey();
                assertTrue(envNames.contains(env), service + ": " + env + " overrides no key of " + service + "'s application.properties");
            }
            String port = props.getProperty("quarkus.http.port");
            assertEquals(port, s.path("environment").path("QUARKUS_HTTP_PORT").asText(), service + " port");
            assertEquals(port + ":" + port, s.path("ports").get(0).asText(), service + " published port");
            String health = s.path("healthcheck").path("test").toString();
            assertTrue(health.contains("localhost:" + port + "/q/health/ready"), service + " health check: " + health);
        }
    }

    @Test
    void dependenciesAndScrapeTargetsExist() throws IOException {
        for (Iterator<Map.Entry<String, JsonNode>> it = compose.path("services").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> s = it.next();
            s.getValue().path("depends_on").fieldNames().forEachRemaining(dep ->
                    assertTrue(compose.path("services").has(dep), s.getKey() + " depends on unknown service " + dep));
        }
        String prometheus = Files.readString(HOME.resolve("deploy/prometheus/prometheus.yml"));
        for (String service : SERVICES) {
            assertTrue(prometheus.contains("'" + service + ":" + properties(service).getProperty("quarkus.http.port") + "'"),
                    "Prometheus does not scrape " + service);
        }
    }

    @Test
    void servicesAgreeOnTopicNames() throws IOException {
        assertEquals("stress.prompts", properties("prompt-composer").getProperty("mp.messaging.outgoing.prompts.topic"));
        assertEquals("stress.prompts", properties("inference-gateway").getProperty("mp.messaging.incoming.prompts.topic"));
        assertEquals("stress.completions", properties("inference-gateway").getProperty("mp.messaging.outgoing.completions.topic"));
        assertEquals("stress.completions", properties("scorer").getProperty("mp.messaging.incoming.completions.topic"));
        assertEquals("stress.scores", properties("scorer").getProperty("mp.messaging.outgoing.scores.topic"));
        assertEquals("stress.scores", properties("analytics").getProperty("mp.messaging.incoming.scores.topic"));
        assertEquals("stress.runs", properties("prompt-composer").getProperty("mp.messaging.outgoing.runs.topic"));
        assertEquals("stress.runs", properties("analytics").getProperty("mp.messaging.incoming.runs.topic"));
        assertEquals("stress.code-jobs", properties("scorer").getProperty("mp.messaging.outgoing.code-jobs.topic"));
        assertEquals("stress.code-jobs", properties("code-runner").getProperty("mp.messaging.incoming.code-jobs.topic"));
        assertEquals("stress.scores", properties("code-runner").getProperty("mp.messaging.outgoing.scores.topic"));
        assertEquals("model.deployments", properties("release-gate").getProperty("mp.messaging.incoming.deployments.topic"));
        assertEquals("stress.verdicts", properties("release-gate").getProperty("mp.messaging.outgoing.verdicts.topic"));
        assertTrue(KafkaBrokerProcess.TOPICS.keySet().containsAll(List.of("stress.prompts", "stress.completions",
                "stress.scores", "stress.runs", "stress.dlq", "stress.code-jobs", "model.deployments", "stress.verdicts")));
    }

    @Test
    void kubernetesManifestsMatchTheServices() throws IOException {
        Path k8s = HOME.resolve("deploy/k8s");
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        for (JsonNode resource : yaml.readTree(k8s.resolve("kustomization.yaml").toFile()).path("resources")) {
            assertTrue(Files.exists(k8s.resolve(resource.asText())), "kustomization lists a missing file " + resource);
        }
        for (String service : SERVICES) {
            Properties props = properties(service);
            Set<String> envNames = new HashSet<>();
            props.stringPropertyNames().forEach(k -> envNames.add(k.replaceAll("[^A-Za-z0-9]", "_").toUpperCase()));
            String port = props.getProperty("quarkus.http.port");
            JsonNode deployment = null;
            try (var docs = yaml.readValues(yaml.getFactory().createParser(k8s.resolve(service + ".yaml").toFile()), JsonNode.class)) {
                while (docs.hasNext()) {
                    JsonNode doc = docs.next();
                    if ("Deployment".equals(doc.path("kind").asText())) {
                        deployment = doc;
                    }
                }
            }
            assertTrue(deployment != null, service + ".yaml has no Deployment");
            JsonNode container = deployment.path("spec").path("template").path("spec").path("containers").get(0);
            assertEquals(port, container.path("ports").get(0).path("containerPort").asText(), service + " containerPort");
            assertEquals(port, container.path("readinessProbe").path("httpGet").path("port").asText(), service + " probe port");
            assertEquals("/q/health/ready", container.path("readinessProbe").path("httpGet").path("path").asText());
            for (JsonNode env : container.path("env")) {
                assertTrue(envNames.contains(env.path("name").asText()),
                        service + ": " + env.path("name").asText() + " overrides no key of its application.properties");
            }
        }
        JsonNode keda = yaml.readTree(k8s.resolve("gateway-autoscaling.yaml").toFile()).path("spec").path("triggers").get(0).path("metadata");
        assertEquals(properties("inference-gateway").getProperty("mp.messaging.incoming.prompts.group.id"),
                keda.path("consumerGroup").asText(), "KEDA watches the gateway's consumer group");
        assertEquals("stress.prompts", keda.path("topic").asText());
        JsonNode codeKeda = null;
        try (var docs = yaml.readValues(yaml.getFactory().createParser(k8s.resolve("code-runner.yaml").toFile()), JsonNode.class)) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if ("ScaledObject".equals(doc.path("kind").asText())) {
                    codeKeda = doc.path("spec").path("triggers").get(0).path("metadata");
                }
            }
        }
        assertTrue(codeKeda != null, "code-runner scales on its own");
        assertEquals(properties("code-runner").getProperty("mp.messaging.incoming.code-jobs.group.id"),
                codeKeda.path("consumerGroup").asText(), "KEDA watches code-runner's consumer group");
        assertEquals("stress.code-jobs", codeKeda.path("topic").asText());
    }

    /**
     * The services built with api-guard are exactly the ones the launcher starts with auth disabled, and every
     * deployment gives them the token: from the environment in compose (required there), from a Secret in Kubernetes.
     */
    @Test
    void everyServiceWithAnApiTokenGetsOneWhereverItIsDeployed() throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        for (String service : SERVICES) {
            boolean guarded = Files.readString(HOME.resolve(service).resolve("pom.xml")).contains("<artifactId>api-guard</artifactId>");
            assertEquals(guarded, Stack.MODULES_WITH_API_AUTH.contains(service), service + ": api-guard vs the launcher's demo auth");
            assertEquals(guarded, properties(service).containsKey("stresslab.api.token"), service + " declares stresslab.api.token");
            String composeToken = compose.path("services").path(service).path("environment").path("STRESSLAB_API_TOKEN").asText(null);
            JsonNode k8sToken = null;
            try (var docs = yaml.readValues(yaml.getFactory().createParser(HOME.resolve("deploy/k8s").resolve(service + ".yaml").toFile()), JsonNode.class)) {
                while (docs.hasNext()) {
                    JsonNode doc = docs.next();
                    for (JsonNode env : doc.path("spec").path("template").path("spec").path("containers").path(0).path("env")) {
                        if ("STRESSLAB_API_TOKEN".equals(env.path("name").asText())) {
                            k8sToken = env;
                        }
                    }
                }
            }
            if (!guarded) {
                assertTrue(composeToken == null && k8sToken == null, service + " has no API token to set");
                continue;
            }
            assertTrue(composeToken != null && composeToken.startsWith("${STRESSLAB_API_TOKEN:?"),
                    service + ": compose must require STRESSLAB_API_TOKEN, was " + composeToken);
            assertTrue(k8sToken != null, service + ": the Deployment sets no STRESSLAB_API_TOKEN");
            assertTrue(k8sToken.path("value").isMissingNode(), service + ": the token must not be written into the manifest");
            assertEquals("stresslab-api-token", k8sToken.path("valueFrom").path("secretKeyRef").path("name").asText(), service + " Secret");
            assertEquals("token", k8sToken.path("valueFrom").path("secretKeyRef").path("key").asText(), service + " Secret key");
        }
    }

    private static Properties properties(String module) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(HOME.resolve(module).resolve("src/main/resources/application.properties"))) {
            p.load(r);
        }
        return p;
    }
}
