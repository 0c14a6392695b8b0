// Maps the tsconfig "paths" aliases (@lib/*) for Jest, so there is one source of truth.
const path = require('path');
const tsconfig = require('../tsconfig.json');
exports.pathsToModuleNameMapper = () => {
  const out = {};
  for (const [alias, [target]] of Object.entries(tsconfig.compilerOptions.paths)) {
    const escaped = alias.replace(/[/.]/g, (c) => `\\${c}`);
    if (alias.endsWith('/*')) {
      out[`^${escaped.slice(0, -1)}(.*)$`] = path.join(__dirname, '..', target.slice(0, -1)) + '$1';
    } else {
      out[`^${escaped}$`] = path.join(__dirname, '..', target);
    }
  }
  return out;
};
