// Types of cliBuild.mjs for the TypeScript tests and benchmarks.
import type { BuildOptions } from 'esbuild';

export interface CliBuildTarget {
  /** The repository root. */
  repo: string;
  /** The dist folder to write (dist/cli.js and dist/cli/). */
  dist: string;
  production?: boolean;
}

export function cliBuildOptions(target: CliBuildTarget): BuildOptions;
export function cliValidateBuildOptions(target: CliBuildTarget): BuildOptions;
export function cliAjvBuildOptions(target: CliBuildTarget): BuildOptions;
export function cliBuilds(target: CliBuildTarget): BuildOptions[];
export function writeCliLauncher(dist: string): Promise<void>;
export function buildCli(target: CliBuildTarget): Promise<void>;
