import { conformanceRow } from "./mock-conformance.mjs";

// Row: the Rust binary verifik-mock over HTTP on 127.0.0.1, compared with the wasm build.
await conformanceRow("binary");
