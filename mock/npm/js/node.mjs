// Node and Bun: the .wasm is read next to this file and instantiated synchronously.
import { readFileSync } from "node:fs";
import { initSync, MockCore } from "./verifik_mock.js";
import { bindMock } from "./core.js";

initSync({ module: readFileSync(new URL("./verifik_mock_bg.wasm", import.meta.url)) });

export const createVerifikMock = bindMock(MockCore);
