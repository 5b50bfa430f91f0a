// A module Worker that is the mock (`wrangler dev`): every request is answered by one
// in-memory mock, which lives as long as the Worker's isolate.
import { createVerifikMock } from "./workerd.js";

const mock = createVerifikMock();

export default {
  fetch(request) {
    return mock.fetch(request);
  },
};
