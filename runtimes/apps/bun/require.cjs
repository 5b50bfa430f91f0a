// Bun: `require` from the installed package, no init call.
const { Verifik, VerifikError, isVerifikError, imageToBase64 } = require("verifik-face");
const { runScenario } = require("../shared/scenario.js");

runScenario(
  { Verifik, VerifikError, isVerifikError, imageToBase64 },
  { baseUrl: process.env.VERIFIK_MOCK_URL, runtime: "bun-require" },
).then((result) => {
  console.log(JSON.stringify({ ...result, resolved: require.resolve("verifik-face"), version: Bun.version }));
});
