// Builds only the command line (dist/cli.js and dist/cli/), minified, for the GitHub Action and `npm pack`.
import { buildCli } from '../cliBuild.mjs';

await buildCli({ repo: '.', dist: 'dist', production: true });
