package dev.stresslab.analytics.persistence;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A settled run's computed report and analysis, kept in PostgreSQL (table settled_computation, gzip'd JSON): they
 * never change, so after a restart, or on a replica that did not compute them, they are read back instead of being
 * computed again from every slot. Each row names what it was computed for: the {@link RunVersion} and the shape of
 * the value's record type (its components' names and types, recursively), so a run that changed (a late result) or
 * a release that changed the report's fields computes it again. A release that changes how a number is computed
 * without changing any field must raise {@link #FORMAT}.
 */
@ApplicationScoped
public class SettledComputations {
    private static final Logger LOG = Logger.getLogger(SettledComputations.class);

    /** Raised when a release changes how a stored value is computed but not its fields. */
    static final int FORMAT = 1;

    private final EntityManager em;
    private final ObjectMapper mapper;
    private final Map<Class<?>, String> shapes = new ConcurrentHashMap<>();

    public SettledComputations(EntityManager em, ObjectMapper mapper) {
        this.em = em;
        this.mapper = mapper;
    }

    /** The value stored for this run version and type, if any; a row that cannot be read counts as none. */
    @Transactional
    @SuppressWarnings("unchecked")
    public <T> Optional<T> load(RunVersion version, String kind, Class<T> type) {
        List<Object[]> rows = em.createNativeQuery(
                        "select version, body from settled_computation where run_id = :run and kind = :kind")
                .setParameter("run", version.runId()).setParameter("kind", kind).getResultList();
        if (rows.isEmpty() || !key(version, type).equals(rows.get(0)[0])) {
            return Optional.empty();
        }
        try {
            return Optional.of(GzipJson.read(mapper, (byte[]) rows.get(0)[1], type));
        } catch (RuntimeException e) {
            LOG.debugf(e, "stored %s of run %s not readable; computing it again", kind, version.runId());
            return Optional.empty();
        }
    }

    /** Stores (or replaces) the value computed for this run version. */
    @Transactional
    public void store(RunVersion version, String kind, Object value) {
        em.createNativeQuery("""
                        insert into settled_computation (run_id, kind, version, body, computed_at)
                        values (:run, :kind, :version, :body, :at)
                        on conflict (run_id, kind) do update
                        set version = excluded.version, body = excluded.body, computed_at = excluded.computed_at""")
                .setParameter("run", version.runId()).setParameter("kind", kind)
                .setParameter("version", key(version, value.getClass()))
                .setParameter("body", GzipJson.write(mapper, value)).setParameter("at", Instant.now())
                .executeUpdate();
    }

    private String key(RunVersion v, Class<?> type) {
        return v.state() + "/" + v.promptCount() + "/" + v.results() + "/" + FORMAT + "/"
                + shapes.computeIfAbsent(type, t -> Integer.toHexString(shape(t, new HashSet<>()).hashCode()));
    }

    /** The record's components, names and types, recursively through records, lists and maps. */
    static String shape(Type type, Set<Type> seen) {
        if (type instanceof ParameterizedType p) {
            StringBuilder out = new StringBuilder(shape(p.getRawType(), seen)).append('<');
            for (Type arg : p.getActualTypeArguments()) {
                out.append(shape(arg, seen)).append(',');
            }
            return out.append('>').toString();
        }
        if (type instanceof Class<?> c && c.isRecord() && seen.add(c)) {
            StringBuilder out = new StringBuilder(c.getName()).append('{');
            for (RecordComponent rc : c.getRecordComponents()) {
                out.append(rc.getName()).append(':').append(shape(rc.getGenericType(), seen)).append(';');
            }
            return out.append('}').toString();
        }
        return type.getTypeName();
    }
}
