import type { Portal } from '../../api/types.ts';
import type { MessageId } from '../../i18n/index.ts';
import { isMessageId } from '../../i18n/index.ts';

export function roleLabelId(role: string): MessageId {
  const id = `common.role.${role}`;
  return isMessageId(id) ? id : 'common.role.unknown';
}

const portalNameIds = {
  public: 'common.portal.public',
  school: 'common.portal.school',
  regulator: 'common.portal.regulator',
} as const satisfies Record<Portal, MessageId>;

export function portalNameId(portal: Portal): MessageId {
  return portalNameIds[portal];
}

const portalBrandIds = {
  public: 'public.layout.brand',
  school: 'school.layout.brand',
  regulator: 'regulator.layout.brand',
} as const satisfies Record<Portal, MessageId>;

/** The portal's name as shown in its header and browser tab. */
export function portalBrandId(portal: Portal): MessageId {
  return portalBrandIds[portal];
}
