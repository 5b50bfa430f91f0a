// Bun (customConditions ["bun"]): the `bun` entry's types.
import { Verifik, VerifikError, isVerifikError, imageToBase64 } from "verifik-face";
import { scenario } from "./scenario.js";

void scenario({ Verifik, VerifikError, isVerifikError, imageToBase64 }, "http://127.0.0.1:8787", new Uint8Array(8));
