/**
 * @jiapei/jt808 — a pure, total JT/T 808 codec with the 驾培 (driving-training, JT/T 1302) extension.
 *
 * - {@link createFrameSplitter} cuts a TCP byte stream into frames.
 * - {@link decode} turns a frame into `{ ok: true, header, body }` or `{ ok: false, reason }`; it never throws.
 * - {@link createReassembler} joins multi-packet messages and lists the packets to re-request (0x8003).
 * - {@link encode} / {@link encodeMultiPacket} build frames; decode → encode gives identical bytes.
 * - The 驾培 messages live in 0x0900/0x8900 bodies as {@link ExtendedMessage}; signatures are checked
 *   through an injected {@link SignatureVerifier} (`@jiapei/jt808/node-crypto` has the Node one).
 *
 * No I/O and no Node-only APIs: text goes through an injectable {@link TextCodec} (GBK by default).
 */

export {
  decode,
  decodeBody,
  parseFrame,
  encode,
  encodeFrame,
  encodeBody,
  encodeMultiPacket,
  decodeExtendedMessage,
  encodeExtendedMessage,
  isMessage,
  isExtended,
} from './codec.ts';
export type { DecodeResult, DecodedMessage, DecodedFragment, ParsedFrame, EncodeInput } from './codec.ts';

export type {
  Header,
  HeaderInput,
  HeaderVariant,
  PacketInfo,
  DecodeFailure,
  Verification,
  DigestAlgorithm,
  SignatureVerifier,
  Signer,
} from './types.ts';
export type { DecodeFailureReason } from './errors.ts';
export { EncodeError } from './errors.ts';
export type {
  CodecOptions,
  JiapeiOptions,
  SignatureOptions,
  SignaturePolicy,
  RegisterLayout,
  AuthenticationLayout,
} from './options.ts';

// Framing
export { createFrameSplitter } from './frame/splitter.ts';
export type { FrameSplitter, FrameSplitterOptions, SplitEvent, DropReason } from './frame/splitter.ts';
export { escapeFrame, unescape } from './frame/escape.ts';
export { xorChecksum } from './frame/checksum.ts';
export { detectVariant, headerLength } from './frame/header.ts';
export { createReassembler } from './frame/reassembler.ts';
export type { Reassembler, ReassemblerOptions, PushResult, ReRequest, Expired } from './frame/reassembler.ts';

// Fields
export { gbk } from './fields/gbk-string.ts';
export type { TextCodec } from './fields/gbk-string.ts';
export { statusFlags, alarmFlags, hasBit, StatusBit, AlarmBit } from './fields/bit-flags.ts';
export type { StatusFlags, AlarmFlags } from './fields/bit-flags.ts';
export { ExtraId, extraValue, mileageKm, engineRpm } from './fields/extras.ts';
export type { Extras, ExtraItem } from './fields/extras.ts';
export type { GnssFixBase, JiapeiGnss, JiapeiGnss38, LocationBasic, LocationLayout } from './fields/gnss.ts';
export type { TerminalParam } from './fields/terminal-params.ts';
export { toHex, fromHex } from './io/hex.ts';
export { toJson } from './json.ts';

// Registry
export { messages, extendedMessages, messageName, extendedMessageName, isKnownMessage } from './registry.ts';
export type {
  BodyMap,
  MessageId,
  MessageBody,
  ExtendedBodyMap,
  ExtendedMessageId,
  ExtendedBody,
} from './registry.ts';
export type { MessageCodec, Direction, EmptyBody } from './messages/define.ts';

// JT/T 808 message bodies
export type { TerminalGeneralReply } from './messages/0x0001-terminal-general-reply.ts';
export type { PlatformGeneralReply } from './messages/0x8001-platform-general-reply.ts';
export { GeneralResult } from './messages/0x8001-platform-general-reply.ts';
export type { RetransmitRequest } from './messages/0x8003-retransmit-request.ts';
export type { TerminalRegister } from './messages/0x0100-terminal-register.ts';
export type { TerminalRegisterReply } from './messages/0x8100-terminal-register-reply.ts';
export { RegisterResult } from './messages/0x8100-terminal-register-reply.ts';
export type { TerminalAuthentication } from './messages/0x0102-terminal-authentication.ts';
export type { SetTerminalParams } from './messages/0x8103-set-terminal-params.ts';
export type { QuerySpecificParams } from './messages/0x8106-query-specific-params.ts';
export type { TerminalParamsReply } from './messages/0x0104-terminal-params-reply.ts';
export type { TerminalControl } from './messages/0x8105-terminal-control.ts';
export type { LocationReport } from './messages/0x0200-location-report.ts';
export type { LocationQueryReply } from './messages/0x0201-location-query-reply.ts';
export type { TemporaryTracking } from './messages/0x8202-temporary-tracking.ts';
export type { LocationBatch } from './messages/0x0704-location-batch.ts';
export type { MultimediaUpload } from './messages/0x0801-multimedia-upload.ts';
export type { MultimediaUploadReply } from './messages/0x8800-multimedia-upload-reply.ts';
export type { TransparentData } from './messages/0x0900-uplink-transparent.ts';

// 驾培 extension
export { JIAPEI_TRANSPARENT_TYPE } from './jiapei/envelope.ts';
export type { ExtendedMessage, UnknownExtendedData } from './jiapei/envelope.ts';
export {
  authenticationPayload,
  signExtendedMessage,
  verifyExtendedSignature,
  verifyJiapeiAuthentication,
} from './jiapei/signature.ts';
export {
  parseCourseCode,
  formatCourseCode,
  parseRecordNumber,
  formatRecordNumber,
} from './jiapei/identifiers.ts';
export type { CourseCode, RecordNumber } from './jiapei/identifiers.ts';
export type { AppParams } from './jiapei/app-params.ts';
export type { CoachLogin } from './jiapei/0x0101-coach-login.ts';
export type { CoachLoginReply } from './jiapei/0x8101-coach-login-reply.ts';
export { CoachLoginResult } from './jiapei/0x8101-coach-login-reply.ts';
export type { CoachLogout } from './jiapei/0x0102-coach-logout.ts';
export type { CoachLogoutReply } from './jiapei/0x8102-coach-logout-reply.ts';
export type { TraineeLogin } from './jiapei/0x0201-trainee-login.ts';
export type { TraineeLoginReply } from './jiapei/0x8201-trainee-login-reply.ts';
export { TraineeLoginResult } from './jiapei/0x8201-trainee-login-reply.ts';
export type { TraineeLogout } from './jiapei/0x0202-trainee-logout.ts';
export type { TraineeLogoutReply } from './jiapei/0x8202-trainee-logout-reply.ts';
export type { MinuteRecord } from './jiapei/0x0203-minute-record.ts';
export { MinuteReportType } from './jiapei/0x0203-minute-record.ts';
export type { RequestRecords } from './jiapei/0x8205-request-records.ts';
export type { RequestRecordsReply } from './jiapei/0x0205-request-records-reply.ts';
export type { TakePhoto } from './jiapei/0x8301-take-photo.ts';
export type { TakePhotoReply } from './jiapei/0x0301-take-photo-reply.ts';
export type { QueryPhotos } from './jiapei/0x8302-query-photos.ts';
export type { QueryPhotosReply } from './jiapei/0x0302-query-photos-reply.ts';
export type { PhotoQueryResult } from './jiapei/0x0303-photo-query-result.ts';
export type { PhotoQueryResultReply } from './jiapei/0x8303-photo-query-result-reply.ts';
export type { UploadPhoto } from './jiapei/0x8304-upload-photo.ts';
export type { UploadPhotoReply } from './jiapei/0x0304-upload-photo-reply.ts';
export type { PhotoUploadInit } from './jiapei/0x0305-photo-upload-init.ts';
export { PhotoSize } from './jiapei/0x0305-photo-upload-init.ts';
export type { PhotoUploadInitReply } from './jiapei/0x8305-photo-upload-init-reply.ts';
export type { PhotoData } from './jiapei/0x0306-photo-data.ts';
export type { SetAppParams } from './jiapei/0x8501-set-app-params.ts';
export type { SetAppParamsReply } from './jiapei/0x0501-set-app-params-reply.ts';
export type { SetTrainingBan } from './jiapei/0x8502-set-training-ban.ts';
export { TrainingBanState } from './jiapei/0x8502-set-training-ban.ts';
export type { SetTrainingBanReply } from './jiapei/0x0502-set-training-ban-reply.ts';
export type { QueryAppParams } from './jiapei/0x8503-query-app-params.ts';
export type { QueryAppParamsReply } from './jiapei/0x0503-query-app-params-reply.ts';

/** Message ids by name, for readable call sites (`MsgId.locationReport`). */
export const MsgId = {
  terminalGeneralReply: 0x0001,
  heartbeat: 0x0002,
  terminalLogout: 0x0003,
  terminalRegister: 0x0100,
  terminalAuthentication: 0x0102,
  terminalParamsReply: 0x0104,
  locationReport: 0x0200,
  locationQueryReply: 0x0201,
  locationBatch: 0x0704,
  multimediaUpload: 0x0801,
  uplinkTransparent: 0x0900,
  platformGeneralReply: 0x8001,
  retransmitRequest: 0x8003,
  terminalRegisterReply: 0x8100,
  setTerminalParams: 0x8103,
  queryTerminalParams: 0x8104,
  terminalControl: 0x8105,
  querySpecificParams: 0x8106,
  locationQuery: 0x8201,
  temporaryTracking: 0x8202,
  multimediaUploadReply: 0x8800,
  downlinkTransparent: 0x8900,
} as const;

/** 驾培 extended message ids by name (REFERENCE §1.8). */
export const ExtMsgId = {
  coachLogin: 0x0101,
  coachLoginReply: 0x8101,
  coachLogout: 0x0102,
  coachLogoutReply: 0x8102,
  traineeLogin: 0x0201,
  traineeLoginReply: 0x8201,
  traineeLogout: 0x0202,
  traineeLogoutReply: 0x8202,
  minuteRecord: 0x0203,
  requestRecords: 0x8205,
  requestRecordsReply: 0x0205,
  takePhoto: 0x8301,
  takePhotoReply: 0x0301,
  queryPhotos: 0x8302,
  queryPhotosReply: 0x0302,
  photoQueryResult: 0x0303,
  photoQueryResultReply: 0x8303,
  uploadPhoto: 0x8304,
  uploadPhotoReply: 0x0304,
  photoUploadInit: 0x0305,
  photoUploadInitReply: 0x8305,
  photoData: 0x0306,
  setAppParams: 0x8501,
  setAppParamsReply: 0x0501,
  setTrainingBan: 0x8502,
  setTrainingBanReply: 0x0502,
  queryAppParams: 0x8503,
  queryAppParamsReply: 0x0503,
} as const;
