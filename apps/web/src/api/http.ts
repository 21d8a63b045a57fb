/**
 * The one way the web app talks to the server: a typed client of the OpenAPI contract
 * (`packages/contracts`) and `unwrap`, which turns its answers into data or a thrown `ApiError`.
 * Feature hooks (`features/<domain>/queries.ts`) use both; pages never call `fetch`.
 *
 * Every request carries a fresh `x-request-id`, which the server logs and echoes in error bodies, so
 * a user can quote it to support. A 401 sends the user to the login page of the portal they are in.
 */
import type { paths } from '@jiapei/contracts';
import createClient from 'openapi-fetch';
import type { Client } from 'openapi-fetch';
import { loginPathOf, loginUrlFor, portalOfPath } from '../portals/paths.ts';
import type { ApiErrorBody } from './types.ts';

/** Codes the client makes up when the server gives no usable error body. */
export const ClientErrorCode = {
  networkError: 'client.network_error',
  serverUnavailable: 'client.server_unavailable',
  badResponse: 'client.bad_response',
} as const;

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly code: string;
  /** HTTP status; 0 when the request never got an answer. */
  readonly status: number;
  readonly details: unknown;
  readonly requestId: string | undefined;

  constructor(
    init: {
      code: string;
      status: number;
      message: string;
      details?: unknown;
      requestId?: string | undefined;
    },
    options?: { cause?: unknown },
  ) {
    super(init.message, options);
    this.code = init.code;
    this.status = init.status;
    this.details = init.details;
    this.requestId = init.requestId;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** A random id; `crypto.randomUUID` exists only in secure contexts, so plain-HTTP LAN installs fall back. */
export function newRequestId(): string {
  const crypto = globalThis.crypto;
  if (typeof crypto.randomUUID === 'function') {
    return crypto.randomUUID();
  }
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export type ApiClient = Client<paths>;

/** A client of the server's API; `baseUrl` is only for tests (the app calls its own origin). */
export function createApiClient(baseUrl = ''): ApiClient {
  const client = createClient<paths>({
    baseUrl,
    credentials: 'same-origin',
    headers: { accept: 'application/json' },
    // Looked up per call, not captured once, so tests can stub `fetch`.
    fetch: (request) => globalThis.fetch(request),
  });
  client.use({
    onRequest: ({ request }) => {
      request.headers.set('x-request-id', newRequestId());
      return request;
    },
  });
  return client;
}

export const api: ApiClient = createApiClient();

function isErrorBody(value: unknown): value is ApiErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    (value as { code: string }).code !== ''
  );
}

/** Maps a failed answer to an `ApiError`, keeping the server's code when the body has one. */
function toApiError(status: number, body: unknown, requestId?: string | null): ApiError {
  if (isErrorBody(body)) {
    return new ApiError({
      code: body.code,
      status,
      message: typeof body.message === 'string' ? body.message : body.code,
      details: body.details,
      requestId: body.requestId ?? requestId ?? undefined,
    });
  }
  const unavailable = status === 502 || status === 503 || status === 504;
  return new ApiError({
    code: unavailable ? ClientErrorCode.serverUnavailable : ClientErrorCode.badResponse,
    status,
    message: `HTTP ${status}`,
    requestId: requestId ?? undefined,
  });
}

let onUnauthorized: () => void = redirectToLogin;

/** Replaces what happens on a 401 (tests; the default sends the browser to the portal's login page). */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

function redirectToLogin(): void {
  if (typeof window === 'undefined') {
    return;
  }
  const { pathname, search } = window.location;
  const portal = portalOfPath(pathname);
  if (pathname === loginPathOf(portal)) {
    return;
  }
  window.location.assign(loginUrlFor(portal, `${pathname}${search}`));
}

type Answer<T> = { data?: T; error?: unknown; response: Response };

export type UnwrapOptions = {
  /**
   * A 401 normally sends the user to the login page of the portal they are in. Calls that expect a
   * 401 as an answer (the session probe, the login itself) turn this off.
   */
  redirectOn401?: boolean;
};

/**
 * The data of a successful call, or a thrown `ApiError`:
 * `unwrap(api.GET('/api/schools/{schoolId}', { params: { path: { schoolId } }, signal }))`.
 */
export async function unwrap<T>(call: Promise<Answer<T>>, options: UnwrapOptions = {}): Promise<T> {
  let answer: Answer<T>;
  try {
    answer = await call;
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') {
      throw cause;
    }
    // A 2xx whose body is not JSON fails while parsing; anything else never got an answer.
    const code = cause instanceof SyntaxError ? ClientErrorCode.badResponse : ClientErrorCode.networkError;
    throw new ApiError({ code, status: 0, message: String(cause) }, { cause });
  }
  const { data, error, response } = answer;
  if (response.ok) {
    return data as T;
  }
  const apiError = toApiError(response.status, error, response.headers.get('x-request-id'));
  if (response.status === 401 && options.redirectOn401 !== false) {
    onUnauthorized();
  }
  throw apiError;
}
