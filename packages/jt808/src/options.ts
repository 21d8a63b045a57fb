import { gbk, type TextCodec } from './fields/gbk-string.ts';
import type { LocationLayout } from './fields/gnss.ts';
import type { MessageCodec } from './messages/define.ts';
import type { DigestAlgorithm, HeaderVariant, SignatureVerifier } from './types.ts';

/**
 * - `enforce`: a missing or bad signature fails decoding with `bad_signature`.
 * - `log`: decoding succeeds; the result's `verification` says what was found.
 * - `off`: nothing is checked (default).
 */
export type SignaturePolicy = 'enforce' | 'log' | 'off';

export type SignatureOptions = {
  policy: SignaturePolicy;
  verifier?: SignatureVerifier;
  /** The session's 计时终端编号: needed to check 0x0102 鉴权密文 (not carried in that message). */
  terminalNo?: string;
  /** Digest used when 扩展消息属性 bits 4–7 say 0 but a 校验串 is present. Default `sha256`. */
  defaultDigest?: DigestAlgorithm;
};

export type RegisterLayout = '2011' | '2013' | '2019' | 'jiapei';
export type AuthenticationLayout = '2013' | '2019' | 'jiapei';

/** Options of the 驾培 extension; each names the REFERENCE §8 disagreement it settles. */
export type JiapeiOptions = {
  /** 扩展消息 数据长度 width (§1.6, §8). Default `dword` (majority); `word` for the minority decoders. */
  dataLength?: 'dword' | 'word';
  /** Try the other width when the configured one does not fit the message. Default true. */
  dataLengthFallback?: boolean;
  /** 0x0305 field order (§8). Default `mode-channel` (spec-quoting classes). */
  photoInitOrder?: 'mode-channel' | 'channel-mode';
  /**
   * Bytes covered by the 校验串 (§1.6: "the whole extended message excluding the 校验串"). Default
   * `type`: from the 透传消息类型 byte; `id`: from 透传消息ID.
   */
  signatureScope?: 'type' | 'id';
  signature?: SignatureOptions;
};

/** Per gateway or per terminal codec configuration. Every field is optional. */
export type CodecOptions = {
  /** Header layout this terminal uses. Default `auto` (detected by length sanity). */
  header?: HeaderVariant | 'auto';
  /**
   * When the configured variant's lengths do not add up, try the other variants (devices that set
   * the 2019 flag on a 2013 layout, or the reverse). Default true.
   */
  headerFallback?: boolean;
  /** Largest body accepted (the wire field allows 1023). */
  maxBodyLength?: number;
  /** GBK by default. */
  text?: TextCodec;
  /** Body layouts that the header alone does not determine. `auto` follows the header variant. */
  layouts?: {
    register?: RegisterLayout | 'auto';
    authentication?: AuthenticationLayout | 'auto';
    /** 0x0200/0x0201/0x0704/0x0801 basic block; `auto` = `jiapei` under the 驾培 header, else `jt808`. */
    location?: LocationLayout | 'auto';
    /** 0x0801: 2011 has no location block; default `2013`. */
    multimedia?: '2011' | '2013';
  };
  jiapei?: JiapeiOptions;
};

export type ResolvedOptions = {
  header: HeaderVariant | 'auto';
  headerFallback: boolean;
  maxBodyLength: number;
  text: TextCodec;
  layouts: {
    register: RegisterLayout | 'auto';
    authentication: AuthenticationLayout | 'auto';
    location: LocationLayout | 'auto';
    multimedia: '2011' | '2013';
  };
  jiapei: {
    dataLength: 'dword' | 'word';
    dataLengthFallback: boolean;
    photoInitOrder: 'mode-channel' | 'channel-mode';
    signatureScope: 'type' | 'id';
    signature: SignatureOptions;
  };
};

function resolve(o: CodecOptions): ResolvedOptions {
  return {
    header: o.header ?? 'auto',
    headerFallback: o.headerFallback ?? true,
    maxBodyLength: o.maxBodyLength ?? 1023,
    text: o.text ?? gbk,
    layouts: {
      register: o.layouts?.register ?? 'auto',
      authentication: o.layouts?.authentication ?? 'auto',
      location: o.layouts?.location ?? 'auto',
      multimedia: o.layouts?.multimedia ?? '2013',
    },
    jiapei: {
      dataLength: o.jiapei?.dataLength ?? 'dword',
      dataLengthFallback: o.jiapei?.dataLengthFallback ?? true,
      photoInitOrder: o.jiapei?.photoInitOrder ?? 'mode-channel',
      signatureScope: o.jiapei?.signatureScope ?? 'type',
      signature: o.jiapei?.signature ?? { policy: 'off' },
    },
  };
}

const DEFAULTS = resolve({});
const cache = new WeakMap<CodecOptions, ResolvedOptions>();

/** Fill defaults once per options object (cached, so per-frame calls cost a lookup). */
export function resolveOptions(o?: CodecOptions): ResolvedOptions {
  if (!o) return DEFAULTS;
  let r = cache.get(o);
  if (!r) {
    r = resolve(o);
    cache.set(o, r);
  }
  return r;
}

/** What a body codec knows about the frame it is in. */
export type BodyContext = {
  version: HeaderVariant;
  opts: ResolvedOptions;
  /** Codec of a 驾培 extended message id (injected by the registry, which keeps the one list). */
  extended: (id: number) => MessageCodec<unknown> | undefined;
};

/** Location layout for a header variant under these options. */
export function locationLayout(ctx: BodyContext): LocationLayout {
  const l = ctx.opts.layouts.location;
  if (l !== 'auto') return l;
  return ctx.version === 'jiapei' ? 'jiapei' : 'jt808';
}
