// AppAccessToken handling against the fake token endpoint (string expires_in, same token until the last 60 s,
// HTTP 200 with an error code) and the API's retry with a fresh token on 401.
import { afterEach, describe, expect, it } from 'vitest';
import { createTokenSource, QQAuthError } from '../../../src/chats/qq/auth.js';
import { createApi } from '../../../src/chats/qq/api.js';
import { startFakeQQ, type FakeQQ } from '../../fakes/qq-server.js';
import { systemClock } from '../../../src/util/clock.js';

const APP_ID = '102000001';
const SECRET = 'fake-client-secret-DG5g3B4j';
let fakes: FakeQQ[] = [];
afterEach(async () => {
  for (const f of fakes) await f.close();
  fakes = [];
});

async function fake(tokenTtlSec?: number): Promise<FakeQQ> {
  const f = await startFakeQQ({ appId: APP_ID, clientSecret: SECRET, tokenTtlSec });
  fakes.push(f);
  return f;
}

describe('QQ access token', () => {
  it('caches the token (expires_in comes as a string) and shares one request between concurrent callers', async () => {
    const f = await fake();
    const tokens = createTokenSource({ clock: systemClock, appId: APP_ID, clientSecret: SECRET, tokenUrl: f.tokenUrl });
    const got = await Promise.all([tokens.get(), tokens.get(), tokens.get()]);
    expect(new Set(got).size).toBe(1);
    expect(await tokens.get()).toBe(got[0]);
    expect(f.tokenRequests).toBe(1);
  });

  it('fetches a new token near expiry, and after invalidate()', async () => {
    const f = await fake(2); // a 2 s token: fresh for the first half of its life
    const tokens = createTokenSource({ clock: systemClock, appId: APP_ID, clientSecret: SECRET, tokenUrl: f.tokenUrl });
    const first = await tokens.get();
    expect(await tokens.get()).toBe(first);
    await new Promise((r) => setTimeout(r, 1_100)); // past half its life: time, not an event
    const second = await tokens.get();
    expect(second).not.toBe(first);
    tokens.invalidate();
    await tokens.get();
    expect(f.tokenRequests).toBe(3);
  });

  it('treats HTTP 200 with an error code as a failure, marks bad credentials permanent, and never echoes the secret', async () => {
    const f = await fake();
    const tokens = createTokenSource({
      clock: systemClock,
      appId: APP_ID,
      clientSecret: 'not-the-secret-123',
      tokenUrl: f.tokenUrl,
    });
    const err = await tokens.get().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QQAuthError);
    expect((err as QQAuthError).permanent).toBe(true);
    expect((err as Error).message).toMatch(/code 100016/);
    expect((err as Error).message).not.toContain('not-the-secret-123');
  });

  it('reports an unreachable token endpoint as retryable', async () => {
    const f = await fake();
    f.faults.down = true;
    const tokens = createTokenSource({ clock: systemClock, appId: APP_ID, clientSecret: SECRET, tokenUrl: f.tokenUrl });
    const err = (await tokens.get().catch((e: unknown) => e)) as QQAuthError;
    expect(err.permanent).toBe(false);
    expect(err.message).not.toContain(SECRET);
  });

  it('the API retries once with a fresh token after a 401', async () => {
    const f = await fake();
    const tokens = createTokenSource({ clock: systemClock, appId: APP_ID, clientSecret: SECRET, tokenUrl: f.tokenUrl });
    const api = createApi({ clock: systemClock, apiBase: f.baseUrl, tokens });
    expect((await api.request('GET', '/gateway')).status).toBe(200);
    f.revokeTokens();
    const r = await api.request('GET', '/gateway');
    expect(r.status).toBe(200);
    expect(typeof r.body.url).toBe('string');
    expect(f.tokenRequests).toBe(2);
  });
});
