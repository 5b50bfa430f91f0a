// Deno: the .wasm is imported as a compiled module (source phase import, no permissions).
import { initSync, MockCore } from "./verifik_mock.js";
import source module from "./verifik_mock_bg.wasm";
import { bindMock } from "./core.js";

initSync({ module });

export const createVerifikMock = bindMock(MockCore);
