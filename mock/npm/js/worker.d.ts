/** A module Worker that is the mock (for `wrangler dev`). */
declare const worker: { fetch(request: Request): Promise<Response> };
export default worker;
