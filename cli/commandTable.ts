/**
 * Every command and where its code is. Each command is imported only when it runs: in the bundle each is its own
 * chunk, so `validate` never loads the HTTP client, the language server or the user-catalog loader.
 * To add a command: a `commands/<name>.ts` exporting `(args, io) => number | Promise<number>`, a line here and
 * its text in usage.ts.
 */
import type { Io } from './io';

export type Command = (args: string[], io: Io) => number | Promise<number>;

export const COMMANDS: Record<string, () => Promise<Command>> = {
  validate: async () => (await import('./commands/validate.js')).validateCommand,
  'check-examples': async () => (await import('./commands/checkExamples.js')).checkExamplesCommand,
  'check-docs': async () => (await import('./commands/checkDocs.js')).checkDocsCommand,
  'check-response': async () => (await import('./commands/checkResponse.js')).checkResponseCommand,
  'import-curl': async () => (await import('./commands/importCurl.js')).importCurlCommand,
  send: async () => (await import('./commands/send.js')).sendCommand,
  diff: async () => (await import('./commands/diff.js')).diffCommand,
  token: async () => (await import('./commands/token.js')).tokenCommand,
  lsp: async () => (await import('./commands/lsp.js')).lspCommand,
};
