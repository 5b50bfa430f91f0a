// Node CommonJS (.cts, nodenext): compiled to require() → the `node` + `require` types (node.d.cts).
import { Verifik, isVerifikError, imageToBase64 } from "verifik-face";
import fs = require("node:fs");

const vk = new Verifik({ token: process.env.VERIFIK_TOKEN ?? "" });
void imageToBase64(fs.readFileSync("face.png"))
  .then((images) => vk.persons.create({ name: "Ana Example", images: [images] }))
  .catch((e: unknown) => {
    if (isVerifikError(e)) console.error(e.kind, e.field);
  });
