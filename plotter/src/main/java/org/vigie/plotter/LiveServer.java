package org.vigie.plotter;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * The live view's HTTP server (the JDK's own): the page and its scripts from the jar, the panels' layout and
 * views as JSON, and a server-sent event stream that says which panel grew. Read-only and closed: a fixed set
 * of routes, no path is ever taken from a URL, GET only; anything else is a 4xx and one line on stderr.
 */
final class LiveServer implements AutoCloseable {

    /** How long a quiet event stream waits before a comment line that keeps proxies from closing it. */
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private record Resource(String path, String type) {}

    private static final Map<String, Resource> STATIC = Map.of(
            "/", new Resource("org/vigie/plotter/web/index.html", "text/html; charset=utf-8"),
            "/app.js", new Resource("org/vigie/plotter/web/app.js", "text/javascript; charset=utf-8"),
            "/app.css", new Resource("org/vigie/plotter/web/app.css", "text/css; charset=utf-8"),
            "/uplot.js", new Resource(webjar("dist/uPlot.iife.min.js"), "text/javascript; charset=utf-8"),
            "/uplot.css", new Resource(webjar("dist/uPlot.min.css"), "text/css; charset=utf-8"),
            // The page names its icon; /favicon.ico is what a browser asks for without that (a 404 there was a line on
            // stderr at every load and an error in the browser's console).
            "/favicon.svg", new Resource("org/vigie/plotter/web/favicon.svg", "image/svg+xml"),
            "/favicon.ico", new Resource("org/vigie/plotter/web/favicon.svg", "image/svg+xml"));

    private final HttpServer http;
    private final LiveSession session;
    private final ScheduledExecutorService ticker;
    private final ExecutorService handlers;
    private final PrintStream log;
    /**
     * The whole-series views last sent, by panel and width, with the panel's version they are of: a hundred
     * pages told at once that a panel grew cost one decimation, not a hundred.
     */
    private final java.util.concurrent.ConcurrentHashMap<String, CachedView> wholeViews = new java.util.concurrent.ConcurrentHashMap<>();

    private record CachedView(long version, byte[] json, byte[] gzipped) {}

    private static final int MAX_CACHED_VIEWS = 32;

    // What the server answered, for the summary at its stop.
    private final java.util.concurrent.atomic.LongAdder pagesServed = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder viewsServed = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder streamsOpened = new java.util.concurrent.atomic.LongAdder();
    private final long startedNanos = System.nanoTime();
    // The open event streams' queues: at the stop, each is told the session has ended (ENDED), so that its page
    // says so instead of retrying a dead address.
    private final Set<LinkedBlockingQueue<Integer>> streams = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final int ENDED = -1;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private LiveServer(HttpServer http, LiveSession session, PrintStream log) {
        this.http = http;
        this.session = session;
        this.log = log;
        this.handlers = Executors.newVirtualThreadPerTaskExecutor(); // an open page's event stream costs a virtual thread
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("live-logs").daemon().unstarted(r));
    }

    /** The uPlot WebJar's file {@code file}, at the version on the class path. */
    private static String webjar(String file) {
        String version = "";
        try (InputStream in = LiveServer.class.getClassLoader().getResourceAsStream("META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
            if (in != null) {
                java.util.Properties p = new java.util.Properties();
                p.load(in);
                version = p.getProperty("version", "");
            }
        } catch (IOException e) {
            // no version known: the resource is then not found, and its route answers 404
        }
        return "META-INF/resources/webjars/uplot/" + version + "/" + file;
    }

    /**
     * Serves {@code session} on {@code bind}:{@code port} (0: any free port), reading the logs every {@code tick};
     * bad requests are told on {@code log}, one line each.
     */
    static LiveServer start(LiveSession session, String bind, int port, Duration tick, PrintStream log) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(bind, port), 50);
        LiveServer s = new LiveServer(http, session, log);
        http.setExecutor(s.handlers);
        http.createContext("/", s::handle);
        s.ticker.scheduleWithFixedDelay(() -> {
            try {
                session.tick();
            } catch (RuntimeException e) {
                log.println("vigie-plotter serve: reading the logs failed: " + e); // the next tick tries again
            }
        }, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
        http.start();
        return s;
    }

    /** The page's address. */
    URI address() {
        InetSocketAddress a = http.getAddress();
        String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + "/");
    }

    private void handle(HttpExchange x) {
        try {
            route(x);
        } catch (IOException e) {
            // the page went away mid-answer: nothing to tell it
        } catch (IllegalArgumentException e) {
            answerIfStill(x, 400, "malformed request (" + e.getMessage() + ")"); // a bad %-escape in the query, say
        } catch (RuntimeException e) {
            log.println("vigie-plotter serve: " + x.getRequestMethod() + " " + x.getRequestURI() + ": " + e);
            answerIfStill(x, 500, "the server failed on this request; it keeps running");
        } finally {
            x.close();
        }
    }

    /** Refuses {@code x} unless an answer has already begun (then the connection just ends). */
    private void answerIfStill(HttpExchange x, int status, String why) {
        if (x.getResponseCode() != -1) {
            return;
        }
        try {
            refuse(x, status, why);
        } catch (IOException e) {
            // gone
        }
    }

    private void route(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getRawPath();
        if (!x.getRequestMethod().equals("GET") && !x.getRequestMethod().equals("HEAD")) {
            x.getResponseHeaders().set("Allow", "GET, HEAD");
            refuse(x, 405, "only GET: this server is read-only");
            return;
        }
        Resource r = STATIC.get(path);
        if (r != null) {
            if (path.equals("/")) {
                pagesServed.increment();
            }
            serveResource(x, r);
            return;
        }
        switch (path) {
            case "/api/layout" -> json(x, session.layout());
            case "/api/view" -> {
                viewsServed.increment();
                view(x);
            }
            case "/api/events" -> {
                streamsOpened.increment();
                events(x);
            }
            default -> refuse(x, 404, "not found");
        }
    }

    /** One line of what the server did since it started: its time up, the pages it served, their views and live streams. */
    String summary() {
        long seconds = (System.nanoTime() - startedNanos) / 1_000_000_000L;
        return String.format("served %d page load%s, %d view%s and %d live stream%s in %dh %02dm %02ds",
                pagesServed.sum(), pagesServed.sum() == 1 ? "" : "s", viewsServed.sum(), viewsServed.sum() == 1 ? "" : "s",
                streamsOpened.sum(), streamsOpened.sum() == 1 ? "" : "s", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }

    private void serveResource(HttpExchange x, Resource r) throws IOException {
        byte[] body;
        try (InputStream in = LiveServer.class.getClassLoader().getResourceAsStream(r.path())) {
            if (in == null) {
                refuse(x, 404, "not in this build (" + r.path() + ")");
                return;
            }
            body = in.readAllBytes();
        }
        send(x, 200, r.type(), body);
    }

    private void view(HttpExchange x) throws IOException {
        Map<String, String> q = query(x);
        Integer panel = integer(q.get("panel"));
        if (panel == null || panel < 0 || panel >= session.panels()) {
            refuse(x, 400, "panel must be one of 0.." + (session.panels() - 1));
            return;
        }
        Double from = number(q.get("from"));
        Double to = number(q.get("to"));
        Integer columns = q.containsKey("columns") ? integer(q.get("columns")) : Integer.valueOf(1600);
        if ((q.containsKey("from") && from == null) || (q.containsKey("to") && to == null) || columns == null || columns < 10 || columns > 10_000
                || (from != null && to != null && from > to)) {
            refuse(x, 400, "from and to are times in seconds since 1970, from before to; columns 10 to 10000");
            return;
        }
        if (from == null && to == null) {
            long version = session.version(panel);
            if (wholeViews.size() > MAX_CACHED_VIEWS) {
                wholeViews.clear(); // pages of many widths (or a client asking for them all): a bound on the memory
            }
            // One computation per version and width, whoever asks at once. The version read before the view:
            // a view of a later version is only ever fresher than its key says.
            CachedView cached = wholeViews.compute(panel + "/" + columns, (key, old) -> {
                if (old != null && old.version() == version) {
                    return old;
                }
                try {
                    byte[] json = JSON.std.asBytes(session.view(panel, null, null, columns));
                    return new CachedView(version, json, gzip(json));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            if (acceptsGzip(x)) {
                // Compressed once per version, sent to every page: a view of many points is mostly digits.
                x.getResponseHeaders().set("Content-Encoding", "gzip");
                x.getResponseHeaders().set("Vary", "Accept-Encoding");
                send(x, 200, "application/json; charset=utf-8", cached.gzipped());
            } else {
                send(x, 200, "application/json; charset=utf-8", cached.json());
            }
            return;
        }
        json(x, session.view(panel, from == null ? null : (long) (from * 1e6), to == null ? null : (long) (to * 1e6), columns));
    }

    /** A server-sent event {@code grew} with the panel's id each time a panel grows, until the page goes. */
    private void events(HttpExchange x) throws IOException {
        if (x.getRequestMethod().equals("HEAD")) {
            send(x, 200, "text/event-stream; charset=utf-8", new byte[0]);
            return;
        }
        // A panel is queued once until it is sent: a page that reads slowly, or not at all, costs at most one
        // entry per panel, not one per tick.
        LinkedBlockingQueue<Integer> grown = new LinkedBlockingQueue<>();
        Set<Integer> pending = java.util.concurrent.ConcurrentHashMap.newKeySet();
        IntConsumer listener = panel -> {
            if (pending.add(panel)) {
                grown.add(panel);
            }
        };
        session.listen(listener);
        streams.add(grown);
        try {
            x.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            x.getResponseHeaders().set("Cache-Control", "no-cache");
            x.sendResponseHeaders(200, 0);
            OutputStream out = x.getResponseBody();
            out.write(": connected\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            if (closed.get()) {
                grown.add(ENDED); // a page that came while the server stops is told at once
            }
            while (true) {
                Integer first = grown.poll(KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS);
                if (first == null) {
                    out.write(": still here\n\n".getBytes(StandardCharsets.UTF_8));
                } else {
                    Set<Integer> panels = new LinkedHashSet<>();
                    panels.add(first);
                    grown.drainTo(panels);
                    boolean ended = panels.remove(ENDED); // first, or behind panels that grew: told after them
                    pending.removeAll(panels);
                    for (int p : panels) {
                        out.write(("event: grew\ndata: {\"panel\":" + p + "}\n\n").getBytes(StandardCharsets.UTF_8));
                    }
                    if (ended) {
                        out.write("event: ended\ndata: {}\n\n".getBytes(StandardCharsets.UTF_8));
                        out.flush();
                        return;
                    }
                }
                out.flush(); // fails once the page has gone: the stream ends
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (streams) {
                streams.remove(grown);
                streams.notifyAll();
            }
            session.unlisten(listener);
        }
    }

    private static boolean acceptsGzip(HttpExchange x) {
        String accepted = x.getRequestHeaders().getFirst("Accept-Encoding");
        return accepted != null && accepted.toLowerCase(java.util.Locale.ROOT).contains("gzip");
    }

    private static byte[] gzip(byte[] bytes) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(bytes.length / 4 + 64);
        try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(out)) {
            z.write(bytes);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // in memory: does not happen
        }
        return out.toByteArray();
    }

    private void json(HttpExchange x, Object value) throws IOException {
        send(x, 200, "application/json; charset=utf-8", JSON.std.asBytes(value));
    }

    private void refuse(HttpExchange x, int status, String why) throws IOException {
        log.println("vigie-plotter serve: " + x.getRequestMethod() + " " + x.getRequestURI().getRawPath() + " from "
                + x.getRemoteAddress().getAddress().getHostAddress() + ": " + status + " " + why);
        send(x, status, "text/plain; charset=utf-8", (status + " " + why + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange x, int status, String type, byte[] body) throws IOException {
        x.getResponseHeaders().set("Content-Type", type);
        x.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        x.getResponseHeaders().set("Cache-Control", "no-store");
        if (x.getRequestMethod().equals("HEAD")) {
            x.sendResponseHeaders(status, -1);
            return;
        }
        x.sendResponseHeaders(status, body.length);
        x.getResponseBody().write(body);
    }

    private static Map<String, String> query(HttpExchange x) {
        Map<String, String> q = new HashMap<>();
        String raw = x.getRequestURI().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            q.put(k, v);
        }
        return q;
    }

    private static Integer integer(String s) {
        try {
            return s == null ? null : Integer.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Double number(String s) {
        try {
            double d = s == null ? Double.NaN : Double.parseDouble(s);
            return Double.isFinite(d) && Math.abs(d) < 2.5e11 ? d : null; // within the years a log's microseconds reach
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // Each open page is told the session has ended; the streams get a moment to send it.
        streams.forEach(q -> q.add(ENDED));
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        synchronized (streams) {
            long left;
            while (!streams.isEmpty() && (left = until - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(streams, left); // each stream's handler notifies as it ends
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        ticker.shutdownNow();
        try {
            // A tick may be polling Kafka outside the session's lock: the session is closed only once it is done.
            ticker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.stop(0);
        handlers.shutdownNow();
    }
}
