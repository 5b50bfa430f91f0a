// Where the program's lib declares `Symbol.dispose` (esnext.disposable), the client is
// disposable: `using` frees it at the end of the block, and `[Symbol.dispose]()` is typed.
import { Verifik } from "verifik-face";

export function origin(): string {
  using vk = new Verifik({ token: "example-token" });
  return vk.baseUrl;
}

const vk = new Verifik({ token: "example-token" });
vk[Symbol.dispose]();
vk.free();
