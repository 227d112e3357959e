import { describe, expect, it } from 'vitest';
import { checkNewPassword, dummyHash, generatePassword, hashPassword, verifyPassword } from './password.ts';

describe('password hashing', () => {
  it('round-trips, with a fresh salt each time', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await hashPassword('correct horse battery')).not.toBe(hash);
  });

  it('rejects a wrong password, a near miss and malformed hashes', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(await verifyPassword('correct horse batter', hash)).toBe(false);
    expect(await verifyPassword('Correct horse battery', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
    for (const bad of ['', 'plain', hash.replace('scrypt', 'bcrypt'), hash.replace('$32768$', '$1000$'), hash.replace('$32768$', '$1073741824$'), hash.split('$').slice(0, 5).join('$')]) {
      expect(await verifyPassword('correct horse battery', bad), bad).toBe(false);
    }
  });

  it('reads the parameters from the stored hash, so they can change later', async () => {
    // A hash made with N=2^14, as an older release might have stored.
    const { scryptSync } = await import('node:crypto');
    const salt = Buffer.alloc(16, 7);
    const old = `scrypt$16384$8$1$${salt.toString('base64')}$${scryptSync('pw-from-2025!', salt, 32, { N: 16384 }).toString('base64')}`;
    expect(await verifyPassword('pw-from-2025!', old)).toBe(true);
  });

  it('has a dummy hash that nothing matches', async () => {
    expect(await dummyHash()).toMatch(/^scrypt\$/);
    expect(await verifyPassword('', await dummyHash())).toBe(false);
  });

  it('generates long random passwords and refuses short ones', () => {
    const a = generatePassword();
    expect(a).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(generatePassword()).not.toBe(a);
    expect(() => checkNewPassword('123456789')).toThrow(/at least 10/);
    expect(checkNewPassword('1234567890')).toBe('1234567890');
    expect(() => checkNewPassword('x'.repeat(1025))).toThrow(/at most/);
  });
});
