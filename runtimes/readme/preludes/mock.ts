// For a fragment about the in-process mock: the imports of the example before it.
import { Verifik } from "verifik-face";
import { createVerifikMock } from "verifik-face-mock";
