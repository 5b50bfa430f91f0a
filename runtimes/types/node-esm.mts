// Node ESM (module/moduleResolution nodenext): `import` → the `node` + `import` types.
import { Verifik, VerifikError, isVerifikError, imageToBase64 } from "verifik-face";
import { readFileSync } from "node:fs";
import { scenario } from "./scenario.js";

const kind = await scenario({ Verifik, VerifikError, isVerifikError, imageToBase64 }, process.env.VERIFIK_BASE_URL ?? "", readFileSync("face.png"));
console.log(kind);
