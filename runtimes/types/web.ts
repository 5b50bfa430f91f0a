// Plain ESM with an explicit init(): `verifik-face/web`.
import init, { initSync, Verifik, VerifikError, isVerifikError, imageToBase64, type InitOutput } from "verifik-face/web";
import { scenario } from "./scenario.js";

const output: InitOutput = await init();
const memory: WebAssembly.Memory = output.memory;
console.log(memory.buffer.byteLength, typeof initSync);
await init({ module_or_path: new URL("verifik_face_bg.wasm", import.meta.url) });
void scenario({ Verifik, VerifikError, isVerifikError, imageToBase64 }, "http://127.0.0.1:8787", new Uint8Array(8));
