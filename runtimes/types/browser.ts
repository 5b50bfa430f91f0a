// A bundled browser app (moduleResolution bundler): the default entry, no init call.
import { Verifik, VerifikError, isVerifikError, imageToBase64 } from "verifik-face";
import { scenario } from "./scenario.js";

const input = document.querySelector<HTMLInputElement>("input[type=file]");
const file: File | undefined = input?.files?.[0];
if (file) {
  void imageToBase64(file);
}
void scenario({ Verifik, VerifikError, isVerifikError, imageToBase64 }, location.origin, new Uint8Array(8));
