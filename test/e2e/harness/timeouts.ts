/** Bounds of the end-to-end tier. The setup bound covers a first run that installs code-server (about 4 minutes). */
export const E2E_TIMEOUTS = {
  /** Installs (first run only), packaging if needed, code-server start, the workbench in Chromium. */
  setup: 20 * 60_000,
  /** One test: a few UI round trips, each of them bounded much lower. */
  test: 3 * 60_000,
  /** A whole test file. */
  file: 30 * 60_000,
};
