import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ApiError,
  ClientErrorCode,
  createApiClient,
  newRequestId,
  setUnauthorizedHandler,
  unwrap,
} from './http.ts';

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

describe('api client and unwrap', () => {
  const fetchMock = vi.fn<(request: Request) => Promise<Response>>();
  const onUnauthorized = vi.fn();
  // Node's Request wants absolute URLs; in the browser the client calls its own origin.
  const api = createApiClient('http://jiapei.test');

  beforeEach(() => {
    vi.stubGlobal('fetch', fetchMock);
    setUnauthorizedHandler(onUnauthorized);
  });

  afterEach(() => {
    vi.unstubAllGlobals();
    fetchMock.mockReset();
    onUnauthorized.mockReset();
  });

  it('sends JSON with a request id and same-origin credentials', async () => {
    fetchMock.mockResolvedValue(jsonResponse(200, { ok: true }));

    const result = await unwrap(
      api.POST('/api/auth/login', { body: { username: 'a', password: 'b', portal: 'school' } }),
    );

    expect(result).toEqual({ ok: true });
    const request = fetchMock.mock.calls[0]?.[0];
    expect(request?.url).toBe('http://jiapei.test/api/auth/login');
    expect(request?.credentials).toBe('same-origin');
    expect(request?.headers.get('content-type')).toBe('application/json');
    expect(request?.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{32,36}$/);
    expect(await request?.json()).toEqual({ username: 'a', password: 'b', portal: 'school' });
  });

  it('encodes path and query parameters and leaves out unset filters', async () => {
    fetchMock.mockResolvedValue(jsonResponse(200, { items: [], total: 0, page: 1, pageSize: 20 }));

    await unwrap(
      api.GET('/api/public/schools', {
        params: { query: { page: 1, pageSize: 20, q: '顺达', countyCode: undefined } },
      }),
    );

    expect(fetchMock.mock.calls[0]?.[0].url).toBe(
      'http://jiapei.test/api/public/schools?page=1&pageSize=20&q=%E9%A1%BA%E8%BE%BE',
    );
  });

  it('maps an error body to an ApiError with the server code', async () => {
    fetchMock.mockResolvedValue(
      jsonResponse(423, {
        code: 'auth.account_locked',
        message: 'locked',
        details: { lockedUntil: '2030-01-01T00:00:00Z' },
        requestId: 'req-1',
      }),
    );

    const error = await unwrap(api.GET('/api/auth/me')).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      code: 'auth.account_locked',
      status: 423,
      requestId: 'req-1',
      details: { lockedUntil: '2030-01-01T00:00:00Z' },
    });
  });

  it('calls the unauthorized handler on a 401 unless the call opts out', async () => {
    fetchMock.mockImplementation(() =>
      Promise.resolve(jsonResponse(401, { code: 'auth.unauthenticated', message: 'no', requestId: 'r' })),
    );

    await expect(unwrap(api.GET('/api/regulator/overview'))).rejects.toMatchObject({
      code: 'auth.unauthenticated',
    });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);

    await expect(unwrap(api.GET('/api/auth/me'), { redirectOn401: false })).rejects.toBeInstanceOf(ApiError);
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('names a gateway error without a JSON body as the server being unavailable', async () => {
    fetchMock.mockResolvedValue(new Response('<html>Bad Gateway</html>', { status: 502 }));

    await expect(unwrap(api.GET('/api/health'))).rejects.toMatchObject({
      code: ClientErrorCode.serverUnavailable,
      status: 502,
    });
  });

  it('turns a failed fetch into a network error', async () => {
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'));

    await expect(unwrap(api.GET('/api/health'))).rejects.toMatchObject({
      code: ClientErrorCode.networkError,
      status: 0,
    });
  });
});

describe('newRequestId', () => {
  it('gives a different id each time', () => {
    expect(newRequestId()).not.toBe(newRequestId());
  });
});
