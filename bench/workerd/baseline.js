// workerd cold start, baseline side: the hand-written fetch client.
import { HandWritten } from "./baseline.mjs";

export default {
  fetch() {
    const client = new HandWritten({ token: "bench-cold", baseUrl: "http://127.0.0.1:9" });
    return new Response(client ? "ok" : "no client");
  },
};
