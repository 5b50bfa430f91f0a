// A clean console in browsers driven over classic WebDriver, which has no console
// events: a proxy in front of the site puts a small script first in every HTML page's
// <head>, before the page's own modules run, and that script records console.error
// calls, uncaught errors and unhandled rejections in `window.__problems` (and warnings
// in `window.__warnings`). Chromium's test reads the same things through playwright.
import { createServer } from "node:http";

/** The script put first in each page. */
export const CONSOLE_HOOK = `(() => {
  const problems = (window.__problems = []);
  const warnings = (window.__warnings = []);
  const show = (value) => {
    if (value instanceof Error) return value.stack || String(value);
    if (typeof value === "object" && value !== null) {
      try { return JSON.stringify(value); } catch { return String(value); }
    }
    return String(value);
  };
  const wrap = (level, sink) => {
    const original = console[level];
    console[level] = function (...args) {
      sink.push(level + ": " + args.map(show).join(" "));
      return original.apply(this, args);
    };
  };
  wrap("error", problems);
  wrap("warn", warnings);
  addEventListener("error", (event) => {
    // Only script errors: a failed <img> also fires "error", without a message.
    if (event instanceof ErrorEvent) problems.push("uncaught: " + (event.message || show(event.error)));
  }, true);
  addEventListener("unhandledrejection", (event) => problems.push("unhandled rejection: " + show(event.reason)));
})();`;

/**
 * Serves `siteUrl` through a proxy on 127.0.0.1 that injects CONSOLE_HOOK into HTML,
 * plus `/__frame.html?src=…&width=…&height=…`: the page in an iframe of that size (for
 * a phone-sized viewport where the browser window cannot be made that narrow).
 * Resolves to `{ url, close() }`.
 */
export async function hookedSite(siteUrl) {
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, "http://x");
      if (url.pathname === "/__frame.html") {
        const src = url.searchParams.get("src") ?? "/";
        const width = Number(url.searchParams.get("width") ?? 390);
        const height = Number(url.searchParams.get("height") ?? 844);
        const html = `<!doctype html><html><head><meta charset="utf-8"><style>html,body{margin:0;background:#888}</style></head>
<body><iframe id="frame" src="${src.replace(/"/g, "&quot;")}" style="display:block;width:${width}px;height:${height}px;border:0;background:#fff"></iframe></body></html>`;
        res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
        return res.end(html);
      }
      const upstream = await fetch(`${siteUrl}${req.url}`, { method: req.method });
      const type = upstream.headers.get("content-type") ?? "application/octet-stream";
      let body = Buffer.from(await upstream.arrayBuffer());
      if (type.startsWith("text/html")) {
        const html = body.toString("utf8");
        const at = html.search(/<head[^>]*>/i);
        if (at < 0) throw new Error(`no <head> in ${req.url}`);
        const end = html.indexOf(">", at) + 1;
        body = Buffer.from(`${html.slice(0, end)}<script>${CONSOLE_HOOK}</script>${html.slice(end)}`);
      }
      res.writeHead(upstream.status, { "content-type": type, "cache-control": "no-store" });
      res.end(body);
    } catch (error) {
      res.writeHead(502, { "content-type": "text/plain" }).end(String(error));
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
