package dev.stresslab.launcher;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No cluster runs here, so every manifest {@code deploy/k8s}'s kustomization renders is read into its typed model,
 * with unknown fields rejected: Kubernetes objects into fabric8's model, Strimzi's {@code Kafka},
 * {@code KafkaNodePool} and {@code KafkaTopic} into Strimzi's {@code api} artifact, KEDA's {@code ScaledObject} into
 * {@link KedaScaledObject}. fabric8 and Strimzi keep unknown fields in {@code additionalProperties} instead of
 * failing, so every object read is walked and any field landed there is an error. Text fields do not take numbers or
 * booleans (Kubernetes wants {@code "8181"} for an env value). A manifest added to the kustomization later is covered
 * without touching this test; a kind with no typed model fails it.
 */
class ManifestSchemaTest {
    private static final Path HOME = Path.of("..").toAbsolutePath().normalize();
    private static final Path K8S = HOME.resolve("deploy/k8s");
    private static final Path KUBECTL = Path.of("/usr/bin/kubectl");

    /** Custom resources by apiVersion and kind; Kubernetes' own kinds are found in fabric8's model by name. */
    private static final Map<String, Class<?>> CUSTOM = Map.of(
            "kafka.strimzi.io/v1beta2 Kafka", Kafka.class,
            "kafka.strimzi.io/v1beta2 KafkaNodePool", KafkaNodePool.class,
            "kafka.strimzi.io/v1beta2 KafkaTopic", KafkaTopic.class,
            "keda.sh/v1alpha1 ScaledObject", KedaScaledObject.class);

    private static final ObjectMapper YAML = strict(new ObjectMapper(new YAMLFactory()));

    private static ObjectMapper strict(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        for (CoercionInputShape shape : List.of(CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean)) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        return mapper;
    }

    @Test
    void everyRenderedManifestReadsIntoItsTypedModelWithNoUnknownField() throws Exception {
        List<JsonNode> docs = rendered();
        List<String> problems = new ArrayList<>();
        Set<String> kinds = new TreeSet<>();
        for (JsonNode doc : docs) {
            String id = doc.path("apiVersion").asText() + " " + doc.path("kind").asText() + " " + doc.path("metadata").path("name").asText();
            kinds.add(doc.path("kind").asText());
            problems.addAll(check(id, doc));
        }
        assertEquals(List.of(), problems, "manifests that do not match their schema");
        assertTrue(kinds.containsAll(Set.of("Namespace", "Deployment", "StatefulSet", "Service", "Secret",
                "PersistentVolumeClaim", "Kafka", "KafkaNodePool", "KafkaTopic", "ScaledObject")), "kinds read: " + kinds);
        assertTrue(docs.size() >= 21, docs.size() + " manifests rendered");
    }

    @Test
    void misspelledMisplacedAndMistypedFieldsAreCaught() throws Exception {
        String deployment = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: { name: x }
                spec:
                  selector: { matchLabels: { app: x } }
                  template:
                    metadata: { labels: { app: x } }
                    spec:
                      containers:
                        - name: x
                          image: x
                          imagePullPolicyy: Always
                """;
        assertEquals(List.of("d: spec.template.spec.containers[0]: unknown field(s) [imagePullPolicyy]"), check("d", YAML.readTree(deployment)));
        String topic = """
                apiVersion: kafka.strimzi.io/v1beta2
                kind: KafkaTopic
                metadata: { name: t }
                spec: { partition: 4, replicas: 1 }
                """;
        assertEquals(List.of("t: spec: unknown field(s) [partition]"), check("t", YAML.readTree(topic)));
        String scaled = """
                apiVersion: keda.sh/v1alpha1
                kind: ScaledObject
                metadata: { name: s }
                spec: { scaleTargetRef: { name: g }, maxReplicas: 4 }
                """;
        assertTrue(check("s", YAML.readTree(scaled)).get(0).contains("maxReplicas"));
        String unquoted = """
                apiVersion: v1
                kind: ConfigMap
                metadata: { name: c }
                data: { port: 8181 }
                """;
        assertTrue(check("c", YAML.readTree(unquoted)).get(0).startsWith("c: does not read as ConfigMap"));
        String unknownKind = "apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }\n";
        assertEquals(List.of("w: no typed model for example.com/v1 Widget"), check("w", YAML.readTree(unknownKind)));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("io.fabric8.kubernetes.api.model.Widget"));
    }

    @Test
    void kubectlRendersWhatTheKustomizationListsWhenItIsInstalled() throws Exception {
        if (!Files.isExecutable(KUBECTL)) {
            return; // the file walk is then the only reading (see rendered())
        }
        Set<String> walked = new TreeSet<>();
        for (JsonNode doc : listed(K8S)) {
            walked.add(doc.path("kind").asText() + "/" + doc.path("metadata").path("name").asText());
        }
        Set<String> rendered = new TreeSet<>();
        for (JsonNode doc : kubectlKustomize()) {
            rendered.add(doc.path("kind").asText() + "/" + doc.path("metadata").path("name").asText());
        }
        assertEquals(walked, rendered);
    }

    /** What is wrong with one manifest: no model, a read error, or fields the model does not know. */
    static List<String> check(String id, JsonNode doc) {
        Class<?> type = typedModel(doc.path("apiVersion").asText(), doc.path("kind").asText());
        if (type == null) {
            return List.of(id + ": no typed model for " + doc.path("apiVersion").asText() + " " + doc.path("kind").asText());
        }
        Object typed;
        try {
            typed = YAML.treeToValue(doc, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            String why = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            return List.of(id + ": does not read as " + type.getSimpleName() + ": " + why);
        }
        List<String> problems = new ArrayList<>();
        unknownFields(typed, "", problems, new IdentityHashMap<>());
        return problems.stream().map(p -> id + ": " + p).toList();
    }

    /**
     * The class for an apiVersion and kind: a custom resource from {@link #CUSTOM}, else fabric8's class of that
     * kind in the group's package ({@code v1} in the core package), whose own @Group and @Version must match.
     */
    static Class<?> typedModel(String apiVersion, String kind) {
        Class<?> custom = CUSTOM.get(apiVersion + " " + kind);
        if (custom != null) {
            return custom;
        }
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        String base = "io.fabric8.kubernetes.api.model.";
        String pkg = group.isEmpty() ? "" : group.split("\\.")[0] + ".";
        for (String name : List.of(base + pkg + version + "." + kind, base + pkg + kind)) {
            try {
                Class<?> c = Class.forName(name);
                Group g = c.getAnnotation(Group.class);
                Version v = c.getAnnotation(Version.class);
                if (g != null && v != null && g.value().equals(group) && v.value().equals(version)) {
                    return c;
                }
            } catch (ClassNotFoundException e) {
                // try the next package layout
            }
        }
        return null;
    }

    /** Walks a typed object: every non-empty additionalProperties map is a field the schema does not have. */
    private static void unknownFields(Object o, String path, List<String> out, Map<Object, Boolean> seen) {
        if (o == null || o instanceof CharSequence || o instanceof Number || o instanceof Boolean || o instanceof Enum<?>
                || o.getClass().isPrimitive()) {
            return;
        }
        if (o instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + (path.isEmpty() ? "" : ".") + k, out, seen));
            return;
        }
        if (o instanceof Collection<?> list) {
            int i = 0;
            for (Object item : list) {
                unknownFields(item, path + "[" + i++ + "]", out, seen);
            }
            return;
        }
        String pkg = o.getClass().getPackageName();
        if (!(pkg.startsWith("io.fabric8.") || pkg.startsWith("io.strimzi.") || pkg.startsWith("dev.stresslab."))
                || seen.put(o, Boolean.TRUE) != null) {
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            String name = m.getName();
            boolean getter = m.getParameterCount() == 0 && !Modifier.isStatic(m.getModifiers()) && m.getReturnType() != void.class
                    && ((name.startsWith("get") && name.length() > 3) || o.getClass().isRecord());
            if (!getter || name.equals("getClass") || m.getDeclaringClass() == Object.class || m.getDeclaringClass() == Record.class
                    || name.equals("hashCode") || name.equals("toString")) {
                continue;
            }
            Object value;
            try {
                value = m.invoke(o);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue; // a computed property (CRD names and the like), not a field
            }
            if (name.equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    out.add((path.isEmpty() ? "(top)" : path) + ": unknown field(s) " + new TreeSet<>(extra.keySet().stream().map(String::valueOf).toList()));
                }
                continue;
            }
            String property = o.getClass().isRecord() ? name : Character.toLowerCase(name.charAt(3)) + name.substring(4);
            unknownFields(value, path + (path.isEmpty() ? "" : ".") + property, out, seen);
        }
    }

    /** The kustomization rendered by kubectl when installed, else the documents of the files it lists. */
    private static List<JsonNode> rendered() throws Exception {
        return Files.isExecutable(KUBECTL) ? kubectlKustomize() : listed(K8S);
    }

    private static List<JsonNode> kubectlKustomize() throws Exception {
        Process p = new ProcessBuilder(KUBECTL.toString(), "kustomize", K8S.toString()).redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "kubectl kustomize failed: " + err);
        return documents(new String(out, StandardCharsets.UTF_8));
    }

    /** Every document of every resource the kustomization lists, following nested kustomizations. */
    private static List<JsonNode> listed(Path dir) throws IOException {
        JsonNode kustomization = YAML.readTree(dir.resolve("kustomization.yaml").toFile());
        List<JsonNode> docs = new ArrayList<>();
        for (JsonNode resource : kustomization.path("resources")) {
            Path p = dir.resolve(resource.asText());
            docs.addAll(Files.isDirectory(p) ? listed(p) : documents(Files.readString(p)));
        }
        return docs;
    }

    private static List<JsonNode> documents(String yaml) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(yaml)) {
            for (var it = YAML.readValues(parser, JsonNode.class); it.hasNext(); ) {
                JsonNode doc = it.next();
                if (doc instanceof ObjectNode) {
                    docs.add(doc);
                }
            }
        }
        return docs;
    }
}
