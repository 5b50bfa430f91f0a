// The controls of runMockScenario over HTTP (`/__mock/*`), for a mock behind a port: the
// npx server, or the Worker on workerd.

export function httpControls(baseUrl) {
  async function control(method, path, token, body) {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await response.json();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  }
  return {
    requests: async (token) => (await control("GET", "/__mock/requests", token)).requests,
    clearRequests: async (token) => (await control("DELETE", "/__mock/requests", token)).cleared,
    fault: async (token, spec) => (await control("POST", "/__mock/faults", token, spec)).queued,
    setCredits: (token, balance) => control("POST", "/__mock/credits", token, { balance }),
    credits: (token) => control("GET", "/__mock/credits", token),
  };
}
