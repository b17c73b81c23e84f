/**
 * oauth4webapi is an ES module; this CommonJS build loads it with a dynamic import (bundled by esbuild, native in
 * Node), once. Types come through a type-only import.
 */
import type * as OAuthModule from 'oauth4webapi' with { 'resolution-mode': 'import' };

export type OAuth = typeof OAuthModule;
export type { OAuthModule };

let loaded: Promise<OAuth> | undefined;

export function oauthLib(): Promise<OAuth> {
  return (loaded ??= import('oauth4webapi'));
}
