/**
 * Secret field values (PINs, passwords, join links) masked in JSON values that are shown side by side: the two
 * sides of Preview Changes and the values the PUT summary quotes. A secret is a field the catalog marks
 * (`x-secret`, `PreparedRequest.secretFields`) or whose name says so (`secretNames.ts`), at any depth. The side
 * after still tells whether each secret changes, so a preview answers "does this PUT change the PIN?" without
 * showing it.
 */
import { isObj } from './json';
import { jsonEqual } from './putDiff';
import { looksSecret } from './secretNames';

export const SECRET_MASK = '•••••';
export const SECRET_CHANGED = `${SECRET_MASK} (changed)`;
export const SECRET_SET = `${SECRET_MASK} (set)`;

export type IsSecretField = (name: string) => boolean;

/** Whether a field is secret: named by the catalog, or by its name. */
export function secretFieldTest(catalogNames: readonly string[]): IsSecretField {
  const named = new Set(catalogNames);
  return (name) => named.has(name) || looksSecret(name, 'field');
}

/** A value under a secret field: strings and numbers become the mask (flags and nulls tell nothing). */
const isMaskable = (v: unknown): boolean => typeof v === 'string' || typeof v === 'number';

/** `value` with the value of every secret field masked, at any depth. */
export function maskSecrets(value: unknown, isSecret: IsSecretField, inSecret = false): unknown {
  if (Array.isArray(value)) return value.map((v) => maskSecrets(v, isSecret, inSecret));
  if (isObj(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, maskSecrets(v, isSecret, inSecret || isSecret(k))]),
    );
  }
  return inSecret && isMaskable(value) ? SECRET_MASK : value;
}

/**
 * The side after a change, masked like {@link maskSecrets}, each secret saying how it compares with the same place
 * of `before`: the mask alone when equal, {@link SECRET_CHANGED} when it differs, {@link SECRET_SET} where `before`
 * has none. Arrays are compared item by item.
 */
export function maskSecretsAfter(after: unknown, before: unknown, isSecret: IsSecretField): unknown {
  return maskAfter(after, before, true, isSecret, false);
}

function maskAfter(after: unknown, before: unknown, had: boolean, isSecret: IsSecretField, inSecret: boolean): unknown {
  if (Array.isArray(after)) {
    const old = Array.isArray(before) ? before : undefined;
    return after.map((v, i) => maskAfter(v, old?.[i], old !== undefined && i < old.length, isSecret, inSecret));
  }
  if (isObj(after)) {
    const old = isObj(before) ? before : undefined;
    return Object.fromEntries(
      Object.entries(after).map(([k, v]) => [
        k,
        maskAfter(v, old?.[k], old !== undefined && Object.hasOwn(old, k), isSecret, inSecret || isSecret(k)),
      ]),
    );
  }
  if (!inSecret || !isMaskable(after)) return after;
  if (!had) return SECRET_SET;
  return jsonEqual(after, before) ? SECRET_MASK : SECRET_CHANGED;
}
