import { describe, expect, it } from 'vitest';
import { decryptSecret, encryptSecret, pkceChallenge } from '../../src/identity/crypto.js';
import { openDatabase } from '../../src/store/db.js';
import { createIdentityRepo } from '../../src/store/identity-repo.js';

const key = Buffer.alloc(32, 3);

describe('token sealing', () => {
  it('round-trips, and refuses another key, another row (context) or a changed byte', () => {
    const sealed = encryptSecret(key, 'gloas-secret', 'access:U1');
    expect(sealed).not.toContain('gloas-secret');
    expect(decryptSecret(key, sealed, 'access:U1')).toBe('gloas-secret');
    expect(() => decryptSecret(Buffer.alloc(32, 4), sealed, 'access:U1')).toThrow();
    expect(() => decryptSecret(key, sealed, 'access:U2')).toThrow();
    const raw = Buffer.from(sealed.slice(3), 'base64');
    raw[raw.length - 1] = (raw[raw.length - 1] ?? 0) ^ 1;
    expect(() => decryptSecret(key, `v1:${raw.toString('base64')}`, 'access:U1')).toThrow();
    expect(encryptSecret(key, 'same', 'c')).not.toBe(encryptSecret(key, 'same', 'c'));
  });

  it('PKCE S256 matches RFC 7636 appendix B', () => {
    expect(pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });
});

describe('identity repository', () => {
  const setUp = () => createIdentityRepo(openDatabase(':memory:'));
  const state = { slackUserId: 'U1', teamId: 'T1', verifierEnc: 'v1:x', createdAt: 1000, expiresAt: 2000 };
  const link = {
    slackUserId: 'U1',
    teamId: 'T1',
    gitlabUserId: 7,
    username: 'alice',
    accessTokenEnc: 'v1:a',
    refreshTokenEnc: 'v1:r',
    expiresAt: 9000,
    linkedAt: 1000,
    updatedAt: 1000,
  };

  it('a state is taken once', () => {
    const repo = setUp();
    repo.saveState('h1', state);
    expect(repo.takeState('h1', 1500)).toMatchObject({ slackUserId: 'U1', teamId: 'T1' });
    expect(repo.takeState('h1', 1501)).toBeUndefined();
    expect(repo.takeState('unknown', 1501)).toBeUndefined();
  });

  it('a refreshed pair is stored only onto the link it was refreshed for', () => {
    const repo = setUp();
    repo.saveLink(link);
    const pair = { accessTokenEnc: 'v1:a2', refreshTokenEnc: 'v1:r2', expiresAt: 10_000 };
    expect(repo.updateTokens('U1', 999, pair, 2000)).toBe(false);
    expect(repo.updateTokens('U1', 1000, pair, 2000)).toBe(true);
    expect(repo.getLink('U1')).toMatchObject({
      accessTokenEnc: 'v1:a2',
      refreshTokenEnc: 'v1:r2',
      expiresAt: 10_000,
    });
    expect(repo.removeLink('U1', 999)).toBe(false);
    expect(repo.removeLink('U1', 1000)).toBe(true);
    expect(repo.getLink('U1')).toBeUndefined();
  });
});
