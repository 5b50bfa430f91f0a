// Cloudflare Workers (workerd): the .wasm is imported as a compiled module.
import { initSync, MockCore } from "./verifik_mock.js";
import module from "./verifik_mock_bg.wasm";
import { bindMock } from "./core.js";

initSync({ module });

export const createVerifikMock = bindMock(MockCore);
