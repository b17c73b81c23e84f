/**
 * CPU time this process has spent (user + system, in ms, worker threads included): bounds on work in unit tests
 * use it instead of wall time, so other processes competing for the machine's cores do not make them fail; the
 * bounds catch runaway work (backtracking, quadratic loops). Speed itself is measured by `npm run bench`.
 */
export function cpuNow(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}
