import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { badRequest } from '../errors.ts';

/**
 * scrypt with N=2^15, r=8, p=1: 32 MiB and tens of milliseconds per hash. OWASP's floor is
 * 2^17, but that is 128 MiB per concurrent login on the small machines Cairn targets; the
 * parameters are stored with each hash, so they can be raised without invalidating old ones.
 */
const PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
export const MIN_PASSWORD_LENGTH = 10;
/** scrypt reads the whole password; a cap keeps a megabyte "password" from being a cheap DoS. */
export const MAX_PASSWORD_LENGTH = 1024;

function derive(password: string, salt: Buffer, params: { N: number; r: number; p: number }, length: number): Promise<Buffer> {
  // Node's default maxmem (32 MiB) is exactly 128·N·r at N=2^15, which it refuses; allow twice that.
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, length, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** `scrypt$N$r$p$salt_b64$hash_b64` with a fresh random salt. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const hash = await derive(password, salt, PARAMS, KEY_LENGTH);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

/** True when `password` matches `stored`; a malformed stored hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  // Bounds keep a corrupted row from asking for gigabytes of memory.
  if (!Number.isInteger(Math.log2(N)) || N < 2 || N > 2 ** 20 || !(r >= 1 && r <= 32) || !(p >= 1 && p <= 16)) return false;
  const salt = Buffer.from(parts[4]!, 'base64');
  const expected = Buffer.from(parts[5]!, 'base64');
  if (expected.length < 16 || password.length > MAX_PASSWORD_LENGTH) return false;
  const actual = await derive(password, salt, { N, r, p }, expected.length);
  return timingSafeEqual(actual, expected);
}

let dummy: Promise<string> | undefined;
/** A hash no password matches, so a login for an unknown email costs the same scrypt as a real one. */
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(32).toString('base64'));
  return dummy;
}

/** 24 base64url characters, 144 random bits: strong enough to need no rules, short enough to paste. */
export const generatePassword = () => randomBytes(18).toString('base64url');

/** Length is the one rule that helps; composition rules mostly produce `Password1!`. */
export function checkNewPassword(password: string): string {
  if (password.length < MIN_PASSWORD_LENGTH) throw badRequest(`the password must have at least ${MIN_PASSWORD_LENGTH} characters`, 'weak_password');
  if (password.length > MAX_PASSWORD_LENGTH) throw badRequest(`the password must have at most ${MAX_PASSWORD_LENGTH} characters`, 'invalid_password');
  return password;
}
