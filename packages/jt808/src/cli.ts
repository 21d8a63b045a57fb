/**
 * `jt808` command line (issue #3):
 *   jt808 decode <hex>        one frame → one JSON object
 *   jt808 decode -            one hex frame per stdin line → one JSON line per input line, in order
 *   jt808 encode <json>       {"header":{…},"body":{…}} (the decode shape) → hex frame
 * Options: --header auto|2013|2019|jiapei (default auto).
 */
import { createInterface } from 'node:readline';
import { decode, encode, type EncodeInput } from './codec.ts';
import { fromHex, toHex } from './io/hex.ts';
import { toJson } from './json.ts';
import type { CodecOptions } from './options.ts';
import type { HeaderVariant } from './types.ts';

const USAGE = `usage:
  jt808 decode <hex> [--header auto|2013|2019|jiapei]
  jt808 decode -            (one hex frame per line on stdin)
  jt808 encode <json>       (JSON as printed by decode: {"header":{...},"body":{...}})`;

function decodeLine(line: string, options: CodecOptions): string {
  const bytes = fromHex(line);
  if (!bytes) return toJson({ ok: false, reason: 'bad_frame', detail: 'input is not hex' });
  return toJson(decode(bytes, options));
}

function parseArgs(argv: string[]): { args: string[]; options: CodecOptions } | string {
  const args: string[] = [];
  const options: CodecOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--header') {
      const v = argv[++i];
      if (v !== 'auto' && v !== '2013' && v !== '2019' && v !== 'jiapei') return `--header: ${String(v)}`;
      options.header = v as HeaderVariant | 'auto';
    } else {
      args.push(a);
    }
  }
  return { args, options };
}

/** Accept "0x0200" as well as 512 for ids in hand-written JSON. */
function normaliseInput(input: unknown): EncodeInput {
  const v = input as { header?: { msgId?: unknown } };
  if (v.header && typeof v.header.msgId === 'string') v.header.msgId = Number(v.header.msgId);
  return v as EncodeInput;
}

async function main(argv: string[]): Promise<number> {
  const parsed = parseArgs(argv);
  if (typeof parsed === 'string') {
    process.stderr.write(`${parsed}\n${USAGE}\n`);
    return 2;
  }
  const { args, options } = parsed;
  const [command, arg] = args;
  if (command === 'decode' && arg === '-') {
    const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
    for await (const line of rl) process.stdout.write(decodeLine(line, options) + '\n');
    return 0;
  }
  if (command === 'decode' && arg !== undefined) {
    const out = decodeLine(arg, options);
    process.stdout.write(out + '\n');
    return out.startsWith('{"ok":true') ? 0 : 1;
  }
  if (command === 'encode' && arg !== undefined) {
    try {
      const frame = encode(normaliseInput(JSON.parse(arg)), options);
      process.stdout.write(toHex(frame) + '\n');
      return 0;
    } catch (e) {
      process.stderr.write(`encode: ${e instanceof Error ? e.message : String(e)}\n`);
      return 1;
    }
  }
  process.stderr.write(`${USAGE}\n`);
  return 2;
}

process.exitCode = await main(process.argv.slice(2));
