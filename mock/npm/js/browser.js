// Browsers and bundlers: the .wasm next to the glue is fetched with top-level await.
import init, { MockCore } from "./verifik_mock.js";
import { bindMock } from "./core.js";

await init();

export const createVerifikMock = bindMock(MockCore);
