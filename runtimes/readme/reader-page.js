// reader.mjs for a page: a classic script that runs before the page's modules. It sends
// the page's calls to Verifik (https://api.verifik.co) or to a local verifik-mock
// (http://127.0.0.1:8787) to the test's own verifik-mock (window.__readmeRequests lists
// them), keeps what the page logs (window.__readmeLogs) and its first error
// (window.__readmeError), and gives the reader's values (reader.d.ts) once
// window.__reader resolves. checks.mjs fills in __MOCK_URL__, __TOKEN__ and __PHOTO__.
(() => {
  const MOCK_URL = "__MOCK_URL__";
  const TOKEN = "__TOKEN__";
  const PHOTO = "__PHOTO__"; // www/faces/ana.jpg, base64
  const REDIRECTS = [/^https:\/\/api\.verifik\.co(?=\/)/, /^http:\/\/127\.0\.0\.1:8787(?=\/)/];
  const realFetch = window.fetch.bind(window);
  window.__readmeRequests = [];
  window.__readmeLogs = [];
  window.fetch = (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const target = REDIRECTS.reduce((text, pattern) => text.replace(pattern, MOCK_URL), url);
    if (target !== url) window.__readmeRequests.push(`${(init?.method ?? "GET").toUpperCase()} ${url}`);
    // Tests talk to 127.0.0.1 only: anything else is refused, as a network failure.
    if (new URL(target, location.href).hostname !== "127.0.0.1") {
      window.__readmeError ??= `README run: ${url} is not reachable here`;
      return Promise.reject(new TypeError(`README run: ${url} is not reachable here`));
    }
    return realFetch(typeof input === "object" && !(input instanceof URL) ? new Request(target, input) : target, init);
  };
  const log = console.log.bind(console);
  console.log = (...args) => {
    window.__readmeLogs.push(args.map((a) => JSON.stringify(a)).join(" "));
    log(...args);
  };
  window.addEventListener("error", (event) => (window.__readmeError ??= String(event.message)));
  window.addEventListener("unhandledrejection", (event) => (window.__readmeError ??= String(event.reason)));

  async function call(method, path, body) {
    const response = await realFetch(`${MOCK_URL}${path}`, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`reader prelude: ${method} ${path} answered ${response.status}`);
    return response.json();
  }
  window.__reader = (async () => {
    const bytes = Uint8Array.from(atob(PHOTO), (c) => c.charCodeAt(0));
    const photo = new File([bytes], "ana.jpg", { type: "image/jpeg" });
    const own = (await call("POST", "/v2/face-recognition/collections", { name: "Own" })).data;
    Object.assign(window, {
      file: photo,
      token: TOKEN,
      collection_id: own.code ?? own._id,
      person: { name: "Ana Example", images: [PHOTO] },
      pair: { probe: [PHOTO], gallery: [PHOTO] },
    });
  })();
})();
