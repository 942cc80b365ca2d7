package dev.kiln.report;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.core.util.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Headless Chromium driven through the DevTools protocol over its WebSocket (java.net.http, no
 * library): navigate, evaluate JavaScript, click with real mouse events, type, take screenshots.
 * {@link #start} skips the test, saying why, when Chromium is not installed (Debian: {@code apt-get
 * install chromium}); {@code -Dkiln.chromium=PATH} names another binary.
 */
final class Chromium implements AutoCloseable {
  static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final Path profile;
  private final WebSocket ws;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<Map<String, Object>>> pending = new ConcurrentHashMap<>();
  private final StringBuilder log = new StringBuilder();

  /** The Chromium binary, or null. */
  static Path binary() {
    String p = System.getProperty("kiln.chromium", System.getenv().getOrDefault("KILN_CHROMIUM", ""));
    for (String c : p.isEmpty() ? List.of("/usr/bin/chromium", "/usr/bin/chromium-browser") : List.of(p)) {
      if (Files.isExecutable(Path.of(c))) {
        return Path.of(c);
      }
    }
    return null;
  }

  /** Starts headless Chromium with a fresh profile and a window of the given size; skips the test when absent. */
  static Chromium start(int width, int height) throws IOException, InterruptedException {
    Path bin = binary();
    assumeTrue(bin != null, "SKIPPED: no Chromium at /usr/bin/chromium (apt-get install chromium, or -Dkiln.chromium=PATH): the report is not checked in a browser");
    return new Chromium(bin, width, height);
  }

  private Chromium(Path bin, int width, int height) throws IOException, InterruptedException {
    profile = Files.createTempDirectory("kiln-chromium");
    process = new ProcessBuilder(bin.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
        "--hide-scrollbars", "--mute-audio", "--user-data-dir=" + profile, "--remote-debugging-port=0",
        "--window-size=" + width + "," + height, "about:blank").redirectErrorStream(true).start();
    CompletableFuture<String> endpoint = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      Pattern p = Pattern.compile("DevTools listening on (ws://\\S+)");
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          synchronized (log) {
            if (log.length() < 20000) {
              log.append(line).append('\n');
            }
          }
          Matcher m = p.matcher(line);
          if (m.find()) {
            endpoint.complete(m.group(1));
          }
        }
      } catch (IOException e) {
        endpoint.completeExceptionally(e);
      }
      endpoint.completeExceptionally(new IOException("Chromium exited before listening:\n" + log));
    }, "chromium-output");
    reader.setDaemon(true);
    reader.start();
    String browserWs;
    try {
      browserWs = endpoint.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      close();
      throw new IOException("Chromium did not start: " + e.getMessage() + "\n" + log, e);
    }
    URI u = URI.create(browserWs);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    String list = http.send(HttpRequest.newBuilder(URI.create("http://" + u.getHost() + ":" + u.getPort() + "/json/list")).timeout(TIMEOUT).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    String pageWs = null;
    for (Object o : Json.MAPPER.readValue(list, List.class)) {
      Map<?, ?> t = (Map<?, ?>) o;
      if ("page".equals(t.get("type"))) {
        pageWs = (String) t.get("webSocketDebuggerUrl");
        break;
      }
    }
    if (pageWs == null) {
      close();
      throw new IOException("no page target in " + list);
    }
    try {
      ws = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(URI.create(pageWs), new Listener())
          .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      close();
      throw new IOException("cannot connect to " + pageWs, e);
    }
    send("Page.enable", Map.of());
    send("Runtime.enable", Map.of());
  }

  /** Collects text frames into messages and completes the command they answer. */
  private final class Listener implements WebSocket.Listener {
    private final StringBuilder part = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      part.append(data);
      if (last) {
        String msg = part.toString();
        part.setLength(0);
        try {
          Map<String, Object> m = Json.MAPPER.readValue(msg, Json.MAP);
          if (m.get("id") instanceof Number n) {
            CompletableFuture<Map<String, Object>> f = pending.remove(n.intValue());
            if (f != null) {
              f.complete(m);
            }
          }
        } catch (IOException e) {
          // not a JSON message: ignore
        }
      }
      webSocket.request(1);
      return null;
    }
  }

  /** Sends a DevTools command and waits for its result; throws on a protocol error. */
  @SuppressWarnings("unchecked")
  Map<String, Object> send(String method, Map<String, Object> params) throws IOException {
    int id = ids.incrementAndGet();
    CompletableFuture<Map<String, Object>> f = new CompletableFuture<>();
    pending.put(id, f);
    Map<String, Object> msg = new LinkedHashMap<>();
    msg.put("id", id);
    msg.put("method", method);
    msg.put("params", params);
    Map<String, Object> r;
    try {
      ws.sendText(Json.MAPPER.writeValueAsString(msg), true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      r = f.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IOException(method + " failed: " + e + "\nChromium output:\n" + log, e);
    }
    if (r.containsKey("error")) {
      throw new IOException(method + ": " + r.get("error"));
    }
    return (Map<String, Object>) r.getOrDefault("result", Map.of());
  }

  /** Opens a page and waits until {@code readyExpression} is true. */
  void open(String url, String readyExpression) throws IOException, InterruptedException {
    send("Page.navigate", Map.of("url", url));
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!Boolean.TRUE.equals(eval("!!(" + readyExpression + ")"))) {
      if (System.nanoTime() > deadline) {
        throw new IOException("page " + url + " not ready (" + readyExpression + ") within " + TIMEOUT);
      }
      Thread.sleep(100);
    }
  }

  /** Evaluates JavaScript in the page; returns its JSON value. */
  @SuppressWarnings("unchecked")
  Object eval(String expression) throws IOException {
    Map<String, Object> r = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
    if (r.containsKey("exceptionDetails")) {
      throw new IOException("JavaScript failed: " + expression + ": " + r.get("exceptionDetails"));
    }
    return ((Map<String, Object>) r.get("result")).get("value");
  }

  /** Clicks the center of the first element matching a CSS selector, with real mouse events. */
  @SuppressWarnings("unchecked")
  void click(String selector) throws IOException {
    Object box = eval("(() => { const e = document.querySelector(" + Json.MAPPER.writeValueAsString(selector) + "); if (!e) return null;"
        + " e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect(); return {x: r.left + r.width / 2, y: r.top + r.height / 2}; })()");
    if (!(box instanceof Map<?, ?> b)) {
      throw new IOException("nothing to click: " + selector);
    }
    double x = ((Number) b.get("x")).doubleValue();
    double y = ((Number) b.get("y")).doubleValue();
    send("Input.dispatchMouseEvent", Map.of("type", "mouseMoved", "x", x, "y", y));
    send("Input.dispatchMouseEvent", Map.of("type", "mousePressed", "x", x, "y", y, "button", "left", "clickCount", 1));
    send("Input.dispatchMouseEvent", Map.of("type", "mouseReleased", "x", x, "y", y, "button", "left", "clickCount", 1));
  }

  /** Types text into the focused element, as a keyboard would. */
  void type(String text) throws IOException {
    send("Input.insertText", Map.of("text", text));
  }

  /** A PNG of the page region (CSS pixels), scaled. */
  void screenshot(Path file, double x, double y, double width, double height, double scale) throws IOException {
    Map<String, Object> clip = Map.of("x", x, "y", y, "width", width, "height", height, "scale", scale);
    Map<String, Object> r = send("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, Base64.getDecoder().decode((String) r.get("data")));
  }

  @Override
  public void close() {
    try {
      if (ws != null) {
        ws.abort();
      }
    } catch (RuntimeException e) {
      // closing anyway
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // Chromium's helper processes may still be writing into the profile as it goes: retry a few times.
    for (int attempt = 0; attempt < 5 && Files.exists(profile); attempt++) {
      try (Stream<Path> s = Files.walk(profile)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException | java.io.UncheckedIOException e) {
        try {
          Thread.sleep(200);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
