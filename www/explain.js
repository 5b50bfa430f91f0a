// Readable sentences for failures, chosen by the VerifikError's `kind`.
//
// Pure (no DOM, no SDK import), so `node --test e2e/` checks it directly too.

/** Human names of the input fields the SDK may name in an `InvalidInput` error. */
const FIELD_LABELS = {
  token: "Token",
  baseUrl: "Base URL",
  timeoutMs: "Time limit",
  name: "Name",
  description: "Description",
  images: "Photos",
  gender: "Gender",
  date_of_birth: "Date of birth",
  nationality: "Nationality",
  notes: "Notes",
  collections: "Collections",
  collection: "Collection",
  id: "Id",
  image: "Photo",
  min_score: "Lowest score",
  search_mode: "Search mode",
  compare_min_score: "Score to pass",
  liveness_min_score: "Liveness threshold",
  os: "Device",
  collection_id: "Collection",
  resize: "Photo resizing",
};

/** Words for the face-quality codes a `FaceRejected` error carries in `code`. */
const FACE_REASONS = {
  ERR_NO_FACE_DETECTED: "no face was found",
  ERR_MULTIPLE_FACES_DETECTED: "more than one face",
  ERR_LIVENESS_FACE_TOO_SMALL: "the face is too small",
  ERR_LIVENESS_FACE_CLOSE_TO_BORDER: "the face is too close to the edge",
};

/** `images[1]` → `Photo 2`, `date_of_birth` → `Date of birth`, unknown names unchanged. */
export function fieldLabel(field) {
  if (typeof field !== "string" || field === "") return "a field";
  const photo = /^images\[(\d+)\]$/.exec(field);
  if (photo) return `Photo ${Number(photo[1]) + 1}`;
  const pair = /^(probe|gallery)\[(\d+)\]$/.exec(field);
  if (pair) return `${pair[1] === "probe" ? "First" : "Second"} photo${pair[2] === "0" ? "" : ` ${Number(pair[2]) + 1}`}`;
  const collection = /^collections\[(\d+)\]$/.exec(field);
  if (collection) return `Collection ${Number(collection[1]) + 1}`;
  return FIELD_LABELS[field] ?? field;
}

/** A short text for anything thrown, never `[object Object]`. */
export function describe(value) {
  if (value instanceof Error) return value.message || value.name;
  if (typeof value === "string") return value;
  if (value && typeof value === "object" && typeof value.message === "string") return value.message;
  if (value === null || value === undefined || typeof value !== "object") return String(value);
  try {
    const json = JSON.stringify(value);
    if (json && json !== "{}") return json;
  } catch {
    // fall through
  }
  return "no details";
}

/** Whether `value` looks like a VerifikError (the SDK's `isVerifikError` is preferred). */
function looksLikeVerifikError(value) {
  return value instanceof Error && value.name === "VerifikError" && typeof value.kind === "string";
}

/** The server's own words from the error body, if it sent any. */
function serverSays(error) {
  const body = error.body;
  if (body && typeof body === "object") {
    for (const key of ["message", "error"]) {
      if (typeof body[key] === "string" && body[key].trim() !== "") return body[key];
    }
  }
  return null;
}

/**
 * One readable sentence for `error`.
 *
 * `context.subject` names what the request was about ("That person", "That collection"),
 * `context.baseUrl` the API origin; `isVerifik` is the SDK's type guard.
 */
export function explain(error, context = {}, isVerifik = looksLikeVerifikError) {
  const subject = context.subject ?? "That item";
  if (!isVerifik(error)) return `Unexpected error: ${describe(error)}`;
  const said = serverSays(error);
  switch (error.kind) {
    case "InvalidInput":
      return `Please check ${fieldLabel(error.field)}: ${stripInvalid(error.message, error.field)}`;
    case "Unauthorized":
      return "The token was refused (not signed in). Check the token and connect again.";
    case "Forbidden":
      return "This token is not allowed to do that. Check the token and connect again.";
    case "TokenExpired":
      return "The token has expired. Get a fresh one and connect again.";
    case "NotFound":
      return `${subject} no longer exists: it may have been deleted elsewhere. The lists are refreshed.`;
    case "Validation":
      return `The server refused the data: ${said ?? error.message}.`;
    case "InvalidImage":
      return "A photo was refused: use a JPEG, PNG, GIF or WebP image of a face.";
    case "FaceRejected":
      return `The photo has no usable face (${FACE_REASONS[error.code] ?? "take it again"}): use a clear, close photo of one face.`;
    case "LivenessFailed":
      return `The face did not pass the liveness check${typeof error.livenessScore === "number" ? ` (score ${error.livenessScore})` : ""}: use a live photo of a real face, not a picture of a picture.`;
    case "InsufficientCredits":
      return "The Verifik account has run out of credits. Top it up, then try again.";
    case "PreconditionFailed":
      if (said === "person_already_set") {
        return "A person with this name and date of birth is already enrolled in one of these collections.";
      }
      return `The server refused the request: ${said ?? error.message}.`;
    case "Conflict":
      return `The request conflicts with the current data: ${said ?? error.message}.`;
    case "BadRequest":
      return `The server could not understand the request: ${said ?? error.message}.`;
    case "RateLimited":
      return "Too many requests at once. Wait a moment and try again.";
    case "Server":
      return `The server had a problem${error.status ? ` (HTTP ${error.status})` : ""}. Try again in a moment.`;
    case "Network":
      return `The API could not be reached${context.baseUrl ? ` at ${context.baseUrl}` : ""}. Is verifik-mock running, and is the base URL right?`;
    case "Timeout":
      return "The API took too long to answer. Try again.";
    case "Aborted":
      return "Cancelled.";
    case "InvalidResponse":
      return "The server's answer could not be understood (is the base URL really a Verifik API?).";
    default:
      return error.message || `Request failed (${error.kind}).`;
  }
}

/** `invalid images[0]: is empty` → `is empty` (the field is already named). */
function stripInvalid(message, field) {
  const prefix = `invalid ${field}: `;
  return typeof message === "string" && message.startsWith(prefix) ? message.slice(prefix.length) : message;
}
