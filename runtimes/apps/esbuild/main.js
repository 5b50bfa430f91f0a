// An esbuild app: `verifik-face/web` with an explicit init(), the .wasm emitted by
// esbuild's `file` loader (`--loader:.wasm=file`), so no copy step is needed.
import init, { Verifik, VerifikError, isVerifikError, imageToBase64 } from "verifik-face/web";
import wasmUrl from "verifik-face/verifik_face_bg.wasm";
import { runInPage } from "../shared/page.js";

await init({ module_or_path: new URL(wasmUrl, import.meta.url) });
runInPage({ Verifik, VerifikError, isVerifikError, imageToBase64 }, "esbuild");
