/**
 * One of each per test file: call these inside a `describe`. They register the `before` hook that
 * starts the thing and the `after` hook that stops it, and return a getter for the tests. Hooks run in
 * the order registered, so a server created first can feed the session's settings.
 */
import { after, before } from 'node:test';
import { startRecordingServer, type RecordingServer, type Route } from './recordingServer';
import { startScriptedServer, type Script, type ScriptedServer } from './scriptedServer';
import { startSession, type Session, type SessionOptions } from './session';
import { E2E_TIMEOUTS } from './timeouts';

export function recordingServerPerFile(route?: Route): () => RecordingServer {
  let server: RecordingServer | undefined;
  before(async () => {
    server = await startRecordingServer(route);
  });
  after(async () => {
    await server?.close();
  });
  return () => {
    if (!server) throw new Error('the stand-in server did not start');
    return server;
  };
}

export function scriptedServerPerFile(script: Script): () => ScriptedServer {
  let server: ScriptedServer | undefined;
  before(async () => {
    server = await startScriptedServer(script);
  });
  after(async () => {
    await server?.close();
  });
  return () => {
    if (!server) throw new Error('the scripted server did not start');
    return server;
  };
}

export function sessionPerFile(options: () => SessionOptions | Promise<SessionOptions>): () => Session {
  let session: Session | undefined;
  before(
    async () => {
      session = await startSession(await options());
    },
    { timeout: E2E_TIMEOUTS.setup },
  );
  after(async () => {
    await session?.stop();
  });
  return () => {
    if (!session) throw new Error('the VS Code session did not start');
    return session;
  };
}
