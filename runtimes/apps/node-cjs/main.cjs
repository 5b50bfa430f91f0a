// Node CommonJS: `require` the installed package, no init call.
const { Verifik, VerifikError, isVerifikError, imageToBase64 } = require("verifik-face");

import("../shared/scenario.js")
  .then(({ runScenario }) =>
    runScenario(
      { Verifik, VerifikError, isVerifikError, imageToBase64 },
      { baseUrl: process.env.VERIFIK_MOCK_URL, runtime: "node-cjs" },
    ),
  )
  .then((result) => {
    console.log(JSON.stringify({ ...result, resolved: require.resolve("verifik-face"), version: process.version }));
  })
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
