import net from 'node:net';
import type { Config } from '../config.ts';
import type { TelemetryService, TerminalLinkService } from '../modules/telemetry/index.ts';
import type {
  CommandSender,
  OutgoingCommand,
  TerminalCommandsService,
} from '../modules/terminal-commands/index.ts';
import type { TrainingRecordsService } from '../modules/training-records/index.ts';
import type { Clock } from '../shared/clock.ts';
import type { MetricsRegistry } from '../shared/metrics.ts';
import { toDownlinks } from './command-encoder.ts';
import { createDispatch } from './dispatch.ts';
import { createGatewayMetrics, type GatewayLog } from './gateway-metrics.ts';
import { createSessionRegistry } from './session-registry.ts';
import { createTerminalSession, type TerminalSession } from './terminal-session.ts';

export type GatewayDeps = {
  config: Pick<
    Config,
    | 'GATEWAY_HOST'
    | 'GATEWAY_PORT'
    | 'GATEWAY_HEADER'
    | 'GATEWAY_IDLE_TIMEOUT_S'
    | 'GATEWAY_MAX_BODY'
    | 'GATEWAY_FRAMES_PER_S'
    | 'GATEWAY_FRAME_BURST'
    | 'GATEWAY_MAX_BAD_FRAMES_PER_MIN'
    | 'GATEWAY_REASSEMBLY_RETRY_MS'
    | 'SIGNATURE_POLICY'
    | 'PLATFORM_NO'
  >;
  telemetry: TelemetryService;
  link: TerminalLinkService;
  training: TrainingRecordsService;
  commands: TerminalCommandsService;
  metrics: MetricsRegistry;
  clock: Clock;
  log: GatewayLog;
};

export type Gateway = Awaited<ReturnType<typeof startGateway>>;

/**
 * The TCP edge for timing terminals: accepts connections, runs one session per connection, keeps the
 * one live session per terminal, and offers the terminal-commands module a way down to terminals.
 * `close()` is graceful: stop accepting, let every session finish the frames it has read, then drain
 * the telemetry queue into the database.
 */
export async function startGateway(deps: GatewayDeps) {
  const { config, telemetry, clock, log } = deps;
  const sessions = new Set<TerminalSession>();
  const registry = createSessionRegistry<TerminalSession>();
  const metrics = createGatewayMetrics(deps.metrics, () => sessions.size);
  const handle = createDispatch({
    telemetry,
    link: deps.link,
    training: deps.training,
    commands: deps.commands,
    registry,
    metrics,
    clock,
    log,
    signaturePolicy: config.SIGNATURE_POLICY,
    platformNo: config.PLATFORM_NO,
  });
  const settings = {
    header: config.GATEWAY_HEADER,
    maxBodyLength: config.GATEWAY_MAX_BODY,
    idleTimeoutMs: config.GATEWAY_IDLE_TIMEOUT_S * 1000,
    framesPerSecond: config.GATEWAY_FRAMES_PER_S,
    frameBurst: config.GATEWAY_FRAME_BURST,
    maxBadFramesPerMinute: config.GATEWAY_MAX_BAD_FRAMES_PER_MIN,
    reassemblyRetryMs: config.GATEWAY_REASSEMBLY_RETRY_MS,
  };
  let nextConnectionId = 1;

  await telemetry.resetOnline();
  telemetry.start();

  const server = net.createServer((socket) => {
    metrics.accepted.inc();
    const session = createTerminalSession({
      socket,
      connectionId: nextConnectionId++,
      settings,
      metrics,
      log,
      handle,
      onClose(s) {
        sessions.delete(s);
        const t = s.terminal;
        if (t && registry.unbind(t.id, s)) telemetry.disconnected(t.id);
      },
    });
    sessions.add(session);
  });
  server.on('error', (err) => log.error({ err }, 'gateway server error'));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.GATEWAY_PORT, config.GATEWAY_HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as net.AddressInfo;

  const sender: CommandSender = {
    deliver(terminalId: string, command: OutgoingCommand) {
      const session = registry.get(terminalId);
      if (!session || session.closed) return { sent: false };
      let first = -1;
      for (const downlink of toDownlinks(command)) {
        const serial = session.sendExtended(downlink);
        if (first < 0) first = serial;
      }
      if (first < 0) return { sent: false };
      metrics.commandsSent.inc({ kind: command.kind });
      return { sent: true, serial: first };
    },
  };
  deps.commands.attachSender(sender);

  let closing: Promise<void> | null = null;

  return {
    host: address.address,
    port: address.port,
    /** Live sessions by terminal id (tests, diagnostics). */
    sessionOf: (terminalId: string) => registry.get(terminalId),
    get connections() {
      return sessions.size;
    },
    close(): Promise<void> {
      closing ??= (async () => {
        deps.commands.attachSender(null);
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        await Promise.all([...sessions].map((s) => s.shutdown()));
        await stopped;
        await telemetry.stop();
      })();
      return closing;
    },
  };
}
