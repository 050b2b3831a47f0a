// jest loads global setup without its moduleNameMapper, so the TypeScript
// sources (which import "./x.js" as NodeNext requires) are loaded through tsx.
const { require: tsxRequire } = require("tsx/cjs/api");

module.exports = async function globalSetup() {
  await tsxRequire("./start-mock.ts", __filename).startMock();
};
