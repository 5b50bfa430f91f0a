// For a one-line fragment of a longer example: the imports that example starts with.
import { Verifik, VerifikAuth, isVerifikError, imageToBase64 } from "verifik-face";
