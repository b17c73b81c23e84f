/** Helpers for parsed JSON values, shared by every folder (one copy, not one per file). */

/** Whether a value is a JSON object: not null, not an array. (Schema objects narrow to this too.) */
export function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
