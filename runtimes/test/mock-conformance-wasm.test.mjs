import { conformanceRow } from "./mock-conformance.mjs";

// Row: the wasm build in-process (verifik-face-mock's mock.fetch), compared with the binary.
await conformanceRow("wasm");
