/**
 * Looking for a secret everywhere a real VS Code could have put it: the encodings it could be written
 * in, a byte search through folders, the browser's storage (code-server keeps the workbench's state,
 * mementos and SecretStorage there), and code-server's sealed SecretStorage itself.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

export interface Encoding {
  name: string;
  bytes: Buffer;
}

/** Base64 of `secret` wherever it sits in a longer encoded value: the groups made only of its bytes, per alignment. */
function base64Fragments(secret: Buffer): string[] {
  const out: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), secret]).toString('base64');
    const first = offset === 0 ? 0 : 1;
    const last = Math.floor((offset + secret.length) / 3);
    out.push(encoded.slice(first * 4, last * 4));
  }
  return out;
}

/**
 * The forms a secret can take in a file or a page: as is (either case), its last 12 characters,
 * percent-encoded, JSON-escaped, hex, base64 (standard and URL-safe, any alignment) and UTF-16LE
 * (how browsers and LevelDB store some strings).
 */
export function secretEncodings(secret: string): Encoding[] {
  const utf8 = Buffer.from(secret, 'utf8');
  const forms: Array<[string, string]> = [
    ['raw', secret],
    ['upper case', secret.toUpperCase()],
    ['lower case', secret.toLowerCase()],
    ['last 12 characters', secret.slice(-12)],
    ['percent-encoded', encodeURIComponent(secret)],
    ['JSON-escaped', JSON.stringify(secret).slice(1, -1)],
    ['hex', utf8.toString('hex')],
    ['HEX', utf8.toString('hex').toUpperCase()],
  ];
  base64Fragments(utf8).forEach((fragment, i) => {
    forms.push([`base64 (alignment ${i})`, fragment]);
    forms.push([`base64url (alignment ${i})`, fragment.replace(/\+/g, '-').replace(/\//g, '_')]);
  });
  const out: Encoding[] = [];
  const seen = new Set<string>();
  for (const [name, text] of forms) {
    if (seen.has(text)) continue;
    seen.add(text);
    out.push({ name, bytes: Buffer.from(text, 'utf8') });
    out.push({ name: `${name}, UTF-16LE`, bytes: Buffer.from(text, 'utf16le') });
  }
  return out;
}

/** Names of the encodings of the secret found in `data`. */
export function encodingsIn(data: Buffer | string, encodings: readonly Encoding[]): string[] {
  const buffer = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  return encodings.filter((e) => buffer.includes(e.bytes)).map((e) => e.name);
}

export interface Finding {
  file: string;
  encodings: string[];
}

/** Every regular file under `root` (symbolic links not followed) searched for the encodings. */
export function scanTree(
  root: string,
  encodings: readonly Encoding[],
  maxFileBytes = 256 * 1024 * 1024,
): { files: number; findings: Finding[] } {
  let files = 0;
  const findings: Finding[] = [];
  const walk = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // gone meanwhile (a browser or server writing)
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) {
        try {
          if (statSync(path).size > maxFileBytes) continue;
          const found = encodingsIn(readFileSync(path), encodings);
          files++;
          if (found.length > 0) findings.push({ file: path, encodings: found });
        } catch {
          // gone meanwhile
        }
      }
    }
  };
  walk(root);
  return { files, findings };
}

/**
 * Profile folders of the Chromium processes this test process started (playwright-core launches them
 * with a temp `--user-data-dir`): the browser's disk, where localStorage and IndexedDB live.
 */
export function chromiumProfileDirs(): string[] {
  const dirs = new Set<string>();
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== process.pid) continue;
      for (const arg of readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')) {
        const m = /^--user-data-dir=(.+)$/.exec(arg);
        if (m?.[1]) dirs.add(m[1]);
      }
    } catch {
      // the process ended meanwhile
    }
  }
  return [...dirs];
}

export interface BrowserStorage {
  localStorage: Record<string, string>;
  /** Every IndexedDB record of the page's origin: database, store, key and value as text. */
  indexedDb: Array<{ db: string; store: string; key: string; value: string }>;
}

/** localStorage and every IndexedDB record of the page's origin (workbench state, mementos, webview state, logs). */
export async function browserStorage(page: Page): Promise<BrowserStorage> {
  return page.evaluate(async () => {
    // No named inner functions: the TypeScript runner's transform would wrap them in a helper the page lacks.
    const local: Record<string, string> = {};
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      if (key !== null) local[key] = localStorage.getItem(key) ?? '';
    }
    const records: Array<{ db: string; store: string; key: string; value: string }> = [];
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const name = info.name;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error ?? new Error(`cannot open ${name}`));
      });
      for (const store of Array.from(db.objectStoreNames)) {
        const rows = await new Promise<Array<[unknown, unknown]>>((resolve, reject) => {
          const tx = db.transaction(store, 'readonly');
          const keys = tx.objectStore(store).getAllKeys();
          const values = tx.objectStore(store).getAll();
          tx.oncomplete = () => resolve(keys.result.map((k, i) => [k, values.result[i]]));
          tx.onerror = () => reject(tx.error ?? new Error(`cannot read ${store}`));
        });
        for (const [k, v] of rows) {
          const [key, value] = [k, v].map((x) =>
            typeof x === 'string'
              ? x
              : x instanceof Uint8Array || x instanceof ArrayBuffer
                ? new TextDecoder().decode(x)
                : JSON.stringify(x, (_k, y: unknown) => (y instanceof Uint8Array ? new TextDecoder().decode(y) : y)),
          );
          records.push({ db: name, store, key: key ?? '', value: value ?? '' });
        }
      }
      db.close();
    }
    return { localStorage: local, indexedDb: records };
  });
}

/**
 * Opens code-server's sealed SecretStorage: VS Code's web embedder (vs/code/browser/workbench) keeps
 * all secrets as one JSON object in localStorage["secrets.provider"], AES-256-GCM encrypted. The
 * sealed value is base64 of [32-byte client key half][12-byte IV][ciphertext + 16-byte tag]; the key is
 * the client half XOR a 32-byte server half that code-server keeps in `<user-data-dir>/serve-web-key-half`
 * and hands to the page on POST /mint-key.
 */
export function unsealCodeServerSecrets(sealed: string, serverKeyHalf: Buffer): string {
  const data = Buffer.from(sealed, 'base64');
  const clientHalf = data.subarray(0, 32);
  const iv = data.subarray(32, 44);
  const tag = data.subarray(data.length - 16);
  const ciphertext = data.subarray(44, data.length - 16);
  const decipher = createDecipheriv('aes-256-gcm', sealingKey(clientHalf, serverKeyHalf), iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
}

/**
 * The inverse of {@link unsealCodeServerSecrets}: what the workbench writes to localStorage["secrets.provider"]
 * for `json` (a fresh client key half and IV), so a test can give the workbench secrets an older version stored.
 */
export function sealCodeServerSecrets(json: string, serverKeyHalf: Buffer): string {
  const clientHalf = randomBytes(32);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealingKey(clientHalf, serverKeyHalf), iv);
  const ciphertext = Buffer.concat([cipher.update(json, 'utf8'), cipher.final()]);
  return Buffer.concat([clientHalf, iv, ciphertext, cipher.getAuthTag()]).toString('base64');
}

/** The AES-256-GCM key: the client half XOR the server half. */
function sealingKey(clientHalf: Buffer, serverKeyHalf: Buffer): Buffer {
  const key = Buffer.alloc(32);
  for (let i = 0; i < 32; i++) key[i] = (clientHalf[i] ?? 0) ^ (serverKeyHalf[i] ?? 0);
  return key;
}
