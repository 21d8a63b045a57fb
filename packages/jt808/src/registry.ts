/**
 * The single list of supported messages: JT/T 808 messages by 消息ID, and 驾培 extended messages
 * (inside 0x0900/0x8900, type 0x13) by 透传消息ID. Adding a message = one file + one line here.
 */
import type { MessageCodec } from './messages/define.ts';

import { terminalGeneralReply, type TerminalGeneralReply } from './messages/0x0001-terminal-general-reply.ts';
import { heartbeat, type Heartbeat } from './messages/0x0002-heartbeat.ts';
import { terminalLogout, type TerminalLogout } from './messages/0x0003-terminal-logout.ts';
import { terminalRegister, type TerminalRegister } from './messages/0x0100-terminal-register.ts';
import {
  terminalAuthentication,
  type TerminalAuthentication,
} from './messages/0x0102-terminal-authentication.ts';
import { terminalParamsReply, type TerminalParamsReply } from './messages/0x0104-terminal-params-reply.ts';
import { locationReport, type LocationReport } from './messages/0x0200-location-report.ts';
import { locationQueryReply, type LocationQueryReply } from './messages/0x0201-location-query-reply.ts';
import { locationBatch, type LocationBatch } from './messages/0x0704-location-batch.ts';
import { multimediaUpload, type MultimediaUpload } from './messages/0x0801-multimedia-upload.ts';
import { uplinkTransparent, type TransparentData } from './messages/0x0900-uplink-transparent.ts';
import { platformGeneralReply, type PlatformGeneralReply } from './messages/0x8001-platform-general-reply.ts';
import { retransmitRequest, type RetransmitRequest } from './messages/0x8003-retransmit-request.ts';
import {
  terminalRegisterReply,
  type TerminalRegisterReply,
} from './messages/0x8100-terminal-register-reply.ts';
import { setTerminalParams, type SetTerminalParams } from './messages/0x8103-set-terminal-params.ts';
import { queryTerminalParams, type QueryTerminalParams } from './messages/0x8104-query-terminal-params.ts';
import { terminalControl, type TerminalControl } from './messages/0x8105-terminal-control.ts';
import { querySpecificParams, type QuerySpecificParams } from './messages/0x8106-query-specific-params.ts';
import { locationQuery, type LocationQuery } from './messages/0x8201-location-query.ts';
import { temporaryTracking, type TemporaryTracking } from './messages/0x8202-temporary-tracking.ts';
import {
  multimediaUploadReply,
  type MultimediaUploadReply,
} from './messages/0x8800-multimedia-upload-reply.ts';
import { downlinkTransparent } from './messages/0x8900-downlink-transparent.ts';

import { coachLogin, type CoachLogin } from './jiapei/0x0101-coach-login.ts';
import { coachLogout, type CoachLogout } from './jiapei/0x0102-coach-logout.ts';
import { traineeLogin, type TraineeLogin } from './jiapei/0x0201-trainee-login.ts';
import { traineeLogout, type TraineeLogout } from './jiapei/0x0202-trainee-logout.ts';
import { minuteRecord, type MinuteRecord } from './jiapei/0x0203-minute-record.ts';
import { requestRecordsReply, type RequestRecordsReply } from './jiapei/0x0205-request-records-reply.ts';
import { takePhotoReply, type TakePhotoReply } from './jiapei/0x0301-take-photo-reply.ts';
import { queryPhotosReply, type QueryPhotosReply } from './jiapei/0x0302-query-photos-reply.ts';
import { photoQueryResult, type PhotoQueryResult } from './jiapei/0x0303-photo-query-result.ts';
import { uploadPhotoReply, type UploadPhotoReply } from './jiapei/0x0304-upload-photo-reply.ts';
import { photoUploadInit, type PhotoUploadInit } from './jiapei/0x0305-photo-upload-init.ts';
import { photoData, type PhotoData } from './jiapei/0x0306-photo-data.ts';
import { setAppParamsReply, type SetAppParamsReply } from './jiapei/0x0501-set-app-params-reply.ts';
import { setTrainingBanReply, type SetTrainingBanReply } from './jiapei/0x0502-set-training-ban-reply.ts';
import { queryAppParamsReply, type QueryAppParamsReply } from './jiapei/0x0503-query-app-params-reply.ts';
import { coachLoginReply, type CoachLoginReply } from './jiapei/0x8101-coach-login-reply.ts';
import { coachLogoutReply, type CoachLogoutReply } from './jiapei/0x8102-coach-logout-reply.ts';
import { traineeLoginReply, type TraineeLoginReply } from './jiapei/0x8201-trainee-login-reply.ts';
import { traineeLogoutReply, type TraineeLogoutReply } from './jiapei/0x8202-trainee-logout-reply.ts';
import { requestRecords, type RequestRecords } from './jiapei/0x8205-request-records.ts';
import { takePhoto, type TakePhoto } from './jiapei/0x8301-take-photo.ts';
import { queryPhotos, type QueryPhotos } from './jiapei/0x8302-query-photos.ts';
import {
  photoQueryResultReply,
  type PhotoQueryResultReply,
} from './jiapei/0x8303-photo-query-result-reply.ts';
import { uploadPhoto, type UploadPhoto } from './jiapei/0x8304-upload-photo.ts';
import { photoUploadInitReply, type PhotoUploadInitReply } from './jiapei/0x8305-photo-upload-init-reply.ts';
import { setAppParams, type SetAppParams } from './jiapei/0x8501-set-app-params.ts';
import { setTrainingBan, type SetTrainingBan } from './jiapei/0x8502-set-training-ban.ts';
import { queryAppParams, type QueryAppParams } from './jiapei/0x8503-query-app-params.ts';
import type { UnknownExtendedData } from './jiapei/envelope.ts';

/** Body type of each JT/T 808 message id. */
export type BodyMap = {
  0x0001: TerminalGeneralReply;
  0x0002: Heartbeat;
  0x0003: TerminalLogout;
  0x0100: TerminalRegister;
  0x0102: TerminalAuthentication;
  0x0104: TerminalParamsReply;
  0x0200: LocationReport;
  0x0201: LocationQueryReply;
  0x0704: LocationBatch;
  0x0801: MultimediaUpload;
  0x0900: TransparentData;
  0x8001: PlatformGeneralReply;
  0x8003: RetransmitRequest;
  0x8100: TerminalRegisterReply;
  0x8103: SetTerminalParams;
  0x8104: QueryTerminalParams;
  0x8105: TerminalControl;
  0x8106: QuerySpecificParams;
  0x8201: LocationQuery;
  0x8202: TemporaryTracking;
  0x8800: MultimediaUploadReply;
  0x8900: TransparentData;
};
export type MessageId = keyof BodyMap;
export type MessageBody = BodyMap[MessageId];

/** Data-content type of each 驾培 extended message id (REFERENCE §1.8). */
export type ExtendedBodyMap = {
  0x0101: CoachLogin;
  0x8101: CoachLoginReply;
  0x0102: CoachLogout;
  0x8102: CoachLogoutReply;
  0x0201: TraineeLogin;
  0x8201: TraineeLoginReply;
  0x0202: TraineeLogout;
  0x8202: TraineeLogoutReply;
  0x0203: MinuteRecord;
  0x8205: RequestRecords;
  0x0205: RequestRecordsReply;
  0x8301: TakePhoto;
  0x0301: TakePhotoReply;
  0x8302: QueryPhotos;
  0x0302: QueryPhotosReply;
  0x0303: PhotoQueryResult;
  0x8303: PhotoQueryResultReply;
  0x8304: UploadPhoto;
  0x0304: UploadPhotoReply;
  0x0305: PhotoUploadInit;
  0x8305: PhotoUploadInitReply;
  0x0306: PhotoData;
  0x8501: SetAppParams;
  0x0501: SetAppParamsReply;
  0x8502: SetTrainingBan;
  0x0502: SetTrainingBanReply;
  0x8503: QueryAppParams;
  0x0503: QueryAppParamsReply;
};
export type ExtendedMessageId = keyof ExtendedBodyMap;
export type ExtendedBody = ExtendedBodyMap[ExtendedMessageId] | UnknownExtendedData;

/** Every JT/T 808 message this package decodes and encodes. */
export const messages: readonly MessageCodec<unknown>[] = [
  terminalGeneralReply,
  platformGeneralReply,
  heartbeat,
  terminalLogout,
  retransmitRequest,
  terminalRegister,
  terminalRegisterReply,
  terminalAuthentication,
  setTerminalParams,
  queryTerminalParams,
  querySpecificParams,
  terminalParamsReply,
  terminalControl,
  locationReport,
  locationQuery,
  locationQueryReply,
  temporaryTracking,
  locationBatch,
  multimediaUpload,
  multimediaUploadReply,
  uplinkTransparent,
  downlinkTransparent,
];

/** Every 驾培 extended message (REFERENCE §1.8) this package decodes and encodes. */
export const extendedMessages: readonly MessageCodec<unknown>[] = [
  coachLogin,
  coachLoginReply,
  coachLogout,
  coachLogoutReply,
  traineeLogin,
  traineeLoginReply,
  traineeLogout,
  traineeLogoutReply,
  minuteRecord,
  requestRecords,
  requestRecordsReply,
  takePhoto,
  takePhotoReply,
  queryPhotos,
  queryPhotosReply,
  photoQueryResult,
  photoQueryResultReply,
  uploadPhoto,
  uploadPhotoReply,
  photoUploadInit,
  photoUploadInitReply,
  photoData,
  setAppParams,
  setAppParamsReply,
  setTrainingBan,
  setTrainingBanReply,
  queryAppParams,
  queryAppParamsReply,
];

const byId = new Map(messages.map((m) => [m.id, m]));
const extendedById = new Map(extendedMessages.map((m) => [m.id, m]));

export function messageCodec(id: number): MessageCodec<unknown> | undefined {
  return byId.get(id);
}

export function extendedCodec(id: number): MessageCodec<unknown> | undefined {
  return extendedById.get(id);
}

export function isKnownMessage(id: number): boolean {
  return byId.has(id);
}

/** Name of a message id (`位置信息汇报 location report`), or undefined. */
export function messageName(id: number): string | undefined {
  return byId.get(id)?.name;
}

/** Name of a 驾培 extended message id, or undefined. */
export function extendedMessageName(id: number): string | undefined {
  return extendedById.get(id)?.name;
}
