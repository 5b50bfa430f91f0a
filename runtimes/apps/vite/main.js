// A Vite 7 app: the default `verifik-face` entry loads the .wasm itself (top-level await).
import { Verifik, VerifikError, isVerifikError, imageToBase64 } from "verifik-face";
import { runInPage } from "../shared/page.js";

runInPage({ Verifik, VerifikError, isVerifikError, imageToBase64 }, "vite");
