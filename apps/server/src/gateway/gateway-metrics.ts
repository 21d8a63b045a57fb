import type { Logger } from 'pino';
import type { MetricsRegistry } from '../shared/metrics.ts';

/** Why a frame or a message was not accepted. Listed up front so each shows in /api/metrics at 0. */
export const BadInputReason = [
  // The splitter's reasons (bytes that never became a frame).
  'garbage',
  'bad_checksum',
  'bad_escape',
  'bad_length',
  'too_long',
  // The decoder's reasons (a frame whose content is wrong).
  'bad_frame',
  'truncated',
  'bad_header',
  'body_length_mismatch',
  'body_too_long',
  'encrypted',
  'unknown_message',
  'bad_body',
  'bad_signature',
  // The session's reasons.
  'phone_mismatch',
  'terminal_no_mismatch',
  'unauthenticated',
  'reassembly_rejected',
  'truncated_at_close',
] as const;
export type BadInputReason = (typeof BadInputReason)[number];

export const CloseReason = ['peer', 'idle', 'replaced', 'abusive', 'shutdown', 'error'] as const;
export type CloseReason = (typeof CloseReason)[number];

export function createGatewayMetrics(metrics: MetricsRegistry, connections: () => number) {
  return {
    connections: metrics.gauge('gateway_connections', 'Open terminal connections', connections),
    accepted: metrics.counter('gateway_connections_accepted_total', 'Connections accepted'),
    closed: metrics.counter(
      'gateway_connections_closed_total',
      'Connections closed, by reason',
      CloseReason.map((reason) => ({ reason })),
    ),
    messages: metrics.counter('gateway_messages_total', 'Messages decoded, by message id (hex)'),
    extended: metrics.counter(
      'gateway_extended_messages_total',
      '驾培 extended messages, by 透传消息ID (hex)',
    ),
    badInput: metrics.counter(
      'gateway_decode_errors_total',
      'Malformed or refused input, by reason',
      BadInputReason.map((reason) => ({ reason })),
    ),
    throttled: metrics.counter('gateway_throttled_total', 'Times a connection was paused by its rate limit'),
    backpressure: metrics.counter(
      'gateway_backpressure_pauses_total',
      'Times a connection stopped reading because the telemetry queue was full',
    ),
    registrations: metrics.counter('gateway_registrations_total', '0x0100 registrations, by result code'),
    authentications: metrics.counter(
      'gateway_authentications_total',
      '0x0102 authentications, by result and reason',
    ),
    signatures: metrics.counter(
      'gateway_signature_checks_total',
      '驾培 signature checks, by kind and status',
    ),
    handlerErrors: metrics.counter(
      'gateway_handler_errors_total',
      'Messages whose handler failed (answered 1)',
    ),
    frameSeconds: metrics.histogram(
      'gateway_frame_seconds',
      'Time from a frame being read to its answer being written',
      [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    ),
    reassembly: metrics.counter(
      'gateway_reassembly_total',
      'Multi-packet messages: re-requests sent (0x8003) and messages given up on',
      [{ event: 're_requested' }, { event: 'expired' }],
    ),
    commandsSent: metrics.counter('gateway_commands_sent_total', 'Downlink commands written, by kind'),
  };
}

export type GatewayMetrics = ReturnType<typeof createGatewayMetrics>;

/** `0x0200` — the label form of a message id. */
export const hexId = (id: number) => `0x${id.toString(16).padStart(4, '0')}`;

/** The log methods the gateway uses (a pino logger, or Fastify's, which is one). */
export type GatewayLog = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;
