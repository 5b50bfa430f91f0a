// Bun: `import` from the installed package, no init call.
import { Verifik, VerifikError, isVerifikError, imageToBase64 } from "verifik-face";
import { runScenario } from "../shared/scenario.js";

const result = await runScenario(
  { Verifik, VerifikError, isVerifikError, imageToBase64 },
  { baseUrl: process.env.VERIFIK_MOCK_URL, runtime: "bun" },
);
console.log(JSON.stringify({ ...result, resolved: import.meta.resolve("verifik-face"), version: Bun.version }));
