// Runs the scenario in a page and publishes the outcome on `window.__result`
// (the test waits for it) and in the page body (for people).
import { runScenario } from "./scenario.js";

export function runInPage(sdk, runtime) {
  const api = new URLSearchParams(location.search).get("api");
  const show = (result) => {
    window.__result = result;
    document.body.textContent = JSON.stringify(result, null, 2);
  };
  runScenario(sdk, { baseUrl: api, runtime }).then(show, (error) =>
    show({ ok: false, error: String(error), kind: error?.kind, stack: error?.stack }),
  );
}
