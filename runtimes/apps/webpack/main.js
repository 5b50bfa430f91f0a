// A webpack 5 app: the default `verifik-face` entry; webpack emits the .wasm as an
// asset (from `new URL(…, import.meta.url)`) and supports the entry's top-level await.
import { Verifik, VerifikError, isVerifikError, imageToBase64 } from "verifik-face";
import { runInPage } from "../shared/page.js";

runInPage({ Verifik, VerifikError, isVerifikError, imageToBase64 }, "webpack");
