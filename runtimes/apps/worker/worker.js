// A Cloudflare Worker using verifik-face. Bundled like wrangler does (esbuild with
// the `workerd` condition, the .wasm kept as a separate CompiledWasm module) and
// run on workerd by miniflare. GET /?api=<verifik base URL> runs the scenario.
import { Verifik, VerifikError, isVerifikError, imageToBase64 } from "verifik-face";
import { runScenario } from "../shared/scenario.js";

export default {
  async fetch(request, env) {
    const api = new URL(request.url).searchParams.get("api") ?? env.VERIFIK_BASE_URL;
    try {
      const result = await runScenario({ Verifik, VerifikError, isVerifikError, imageToBase64 }, { baseUrl: api, runtime: "workerd" });
      return Response.json(result);
    } catch (error) {
      return Response.json({ ok: false, error: String(error), kind: error?.kind, stack: error?.stack }, { status: 500 });
    }
  },
};
