/** Jest globalSetup of the browser suites: the specs test the built app, so build it if it is stale. */
const { execFileSync } = require('node:child_process');
const path = require('node:path');

module.exports = async () => {
  execFileSync(process.execPath, [path.join(__dirname, '..', '..', '..', 'scripts', 'dev', 'build-web-if-stale.js')], { stdio: 'inherit' });
};
