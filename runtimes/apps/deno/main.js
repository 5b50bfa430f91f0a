// Deno: the npm package from node_modules, no init call.
import { Verifik, VerifikError, isVerifikError, imageToBase64 } from "verifik-face";
import { runScenario } from "../shared/scenario.js";

const result = await runScenario(
  { Verifik, VerifikError, isVerifikError, imageToBase64 },
  { baseUrl: Deno.env.get("VERIFIK_MOCK_URL"), runtime: "deno" },
);
console.log(JSON.stringify({ ...result, resolved: import.meta.resolve("verifik-face"), version: Deno.version.deno }));
