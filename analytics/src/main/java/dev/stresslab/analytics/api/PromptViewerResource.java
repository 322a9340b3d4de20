package dev.stresslab.analytics.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stresslab.analytics.service.PromptViewerService;
import dev.stresslab.analytics.service.PromptViewerService.PromptList;
import dev.stresslab.analytics.service.PromptViewerService.PromptView;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Map;

/**
 * The filtered prompt list and the prompt viewer (docs/reports.md, "Prompt viewer"). Each page and its JSON twin
 * share a URL: a browser (Accept: text/html) gets the page, anything else the JSON; {@code format=json|html}
 * overrides. The page draws itself from the same JSON, embedded.
 */
@Path("/runs/{runId}/prompts")
public class PromptViewerResource {
    private final PromptViewerService viewer;
    private final ObjectMapper mapper;

    public PromptViewerResource(PromptViewerService viewer, ObjectMapper mapper) {
        this.viewer = viewer;
        this.mapper = mapper;
    }

    /**
     * Prompts of the run with a slot matching level, position, filter and flag (a verdict flag's word, as the run
     * report's flag counts link); {@code after} is the page cursor.
     */
    @GET
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_HTML})
    public Response list(@PathParam("runId") String runId, @QueryParam("level") Integer level,
                         @QueryParam("position") Integer position, @QueryParam("filter") String filter,
                         @QueryParam("flag") String flag,
                         @QueryParam("after") String after, @QueryParam("limit") @DefaultValue("50") int limit,
                         @QueryParam("format") String format, @HeaderParam("Accept") String accept) {
        PromptList page = viewer.list(runId, level, position, filter, flag, after, limit);
        if (!html(format, accept)) {
            return Response.ok(page, MediaType.APPLICATION_JSON).build();
        }
        String title = "Run " + runId + " · prompts" + (level == null ? "" : " · level " + level)
                + (position == null ? "" : " · position " + position) + (page.filter() == null ? "" : " · " + page.filter())
                + (page.flag() == null ? "" : " · flag " + page.flag());
        return Response.ok(HtmlPage.render(mapper, title, "prompts.js", Map.of("list", page), false), MediaType.TEXT_HTML).build();
    }

    /** One prompt: verdicts per position, the prompt's text, the transcript's spans (its text is {@link #text}). */
    @GET
    @Path("/{promptId: .+}") // prompt ids hold slashes (run/benchmark/L3/G0/S0)
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_HTML})
    public Response prompt(@PathParam("runId") String runId, @PathParam("promptId") String promptId,
                           @QueryParam("format") String format, @HeaderParam("Accept") String accept) {
        if (!html(format, accept)) {
            return Response.ok(viewer.prompt(runId, promptId), MediaType.APPLICATION_JSON).build();
        }
        PromptViewerService.ViewerPage page = viewer.page(runId, promptId);
        PromptView view = page.prompt();
        String title = "Prompt " + promptId + " · level " + view.level() + (view.modelId() == null ? "" : " · " + view.modelId());
        return Response.ok(HtmlPage.render(mapper, title, "viewer.js",
                Map.of("prompt", view, "firstPieces", page.firstPieces()), false), MediaType.TEXT_HTML).build();
    }

    /** A piece of the transcript's text: {@code source} content or reasoning, from {@code from}, at most 64 Ki chars. */
    @GET
    @Path("/{promptId: .+}/text")
    @Produces(MediaType.APPLICATION_JSON)
    public PromptViewerService.TextPiece text(@PathParam("runId") String runId, @PathParam("promptId") String promptId,
                                              @QueryParam("source") @DefaultValue("content") String source,
                                              @QueryParam("from") @DefaultValue("0") int from,
                                              @QueryParam("length") @DefaultValue("65536") int length) {
        return viewer.text(runId, promptId, source, from, length);
    }

    private static boolean html(String format, String accept) {
        if (format != null) {
            return format.equalsIgnoreCase("html");
        }
        return accept != null && accept.contains(MediaType.TEXT_HTML);
    }
}
