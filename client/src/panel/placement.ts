/**
 * Where the response panel goes. Pure (no `vscode`): columns are numbers (1 = first editor group).
 *
 * The panel keeps its own column unless that is the column of the file being sent (it would cover it); otherwise
 * it goes to another group that already exists, and only when there is none, beside the file. So sending never
 * opens a third editor group, and never shows the request file and the panel in turn in one group.
 */
export type Placement = { column: number } | 'beside';

export function panelPlacement(
  fileColumn: number | undefined,
  panelColumn: number | undefined,
  groups: readonly number[],
): Placement {
  if (panelColumn !== undefined && panelColumn !== fileColumn) return { column: panelColumn };
  const other = groups.find((c) => c !== fileColumn);
  return other !== undefined ? { column: other } : 'beside';
}
