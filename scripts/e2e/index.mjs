// What the end-to-end tests and `npm start` use from the real-VS-Code tooling (typed in index.d.mts).
export { ensureToolchain, ensureVsix } from './install.mjs';
export { freePort, installExtension, isListening, startCodeServer, writeUserSettings } from './codeServer.mjs';
export { mockBaseUrls, startMockCatalog, MOCK_PORT, MOCK_REFUSALS } from './mockCatalog.mjs';
export { buildHostSuites, HOST_BUNDLE } from './hostBundle.mjs';
export { log } from './log.mjs';
export { atExit, onPath, spawnGroup, stopAll, stopGroup } from './processes.mjs';
export { CHROMIUM_PATH, REPO_ROOT, SCREENSHOT_DIR, VSIX_PATH } from './paths.mjs';
