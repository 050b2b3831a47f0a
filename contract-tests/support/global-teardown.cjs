// See global-setup.cjs for why this goes through tsx.
const { require: tsxRequire } = require("tsx/cjs/api");

module.exports = async function globalTeardown() {
  await tsxRequire("./stop-mock.ts", __filename).stopMock();
};
