// workerd cold start, SDK side: the package's own workerd entry (import the .wasm as a
// module, initSync at load), then a client built on the first request.
import { Verifik } from "./workerd.js";

export default {
  fetch() {
    const vk = new Verifik({ token: "bench-cold", baseUrl: "http://127.0.0.1:9" });
    return new Response(vk ? "ok" : "no client");
  },
};
