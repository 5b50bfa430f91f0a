// The baseline: the hand-written `fetch` + `JSON.parse` client a user would write instead
// of the SDK (about 40 lines). It makes exactly the requests the SDK makes and checks the
// status and the envelope, nothing more. Runs unchanged in Node and in browsers.

export class HandWritten {
  constructor({ token, baseUrl = "https://api.verifik.co" }) {
    if (typeof token !== "string" || token === "") throw new TypeError("token is required");
    this.base = `${baseUrl.replace(/\/+$/, "")}/v2/face-recognition`;
    this.headers = { authorization: `Bearer ${token}`, accept: "application/json" };
  }

  async request(method, path, body) {
    const init = { method, headers: this.headers };
    if (body !== undefined) {
      init.headers = { ...this.headers, "content-type": "application/json" };
      init.body = JSON.stringify(body);
    }
    const response = await fetch(this.base + path, init);
    const text = await response.text();
    const json = JSON.parse(text);
    if (!response.ok) {
      const error = new Error(json.message ?? `HTTP ${response.status}`);
      error.status = response.status;
      throw error;
    }
    if (json === null || typeof json !== "object" || !("data" in json)) {
      throw new Error("unexpected response");
    }
    return json;
  }

  createCollection(input) { return this.request("POST", "/collections", input); }
  listCollections() { return this.request("GET", "/collections"); }
  retrieveCollection(id) { return this.request("GET", `/collections/${encodeURIComponent(id)}`); }
  createPerson(input) { return this.request("POST", "/persons", input); }
  retrievePerson(id) { return this.request("GET", `/persons/${encodeURIComponent(id)}`); }
}
