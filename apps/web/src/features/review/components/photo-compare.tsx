import { Card, Empty, Flex, Image, Tag, Typography } from 'antd';
import { useIntl } from 'react-intl';
import { registeredPhotoUrl, sessionPhotoUrl } from '../queries.ts';
import type { Workspace } from '../types.ts';

/** 驾培 photo events (REFERENCE §1.8) a reviewer reads: sign-in, sign-out, during training, timed, on request. */
const knownEvents = new Set([0, 5, 17, 18, 19]);

/**
 * The trainee's registered (enrolment) photo beside every photo the terminal took in the session, so a
 * reviewer sees at a glance whether the same person trained. Bytes come through the review's own routes.
 */
export function PhotoCompare({ review }: { review: Workspace }) {
  const intl = useIntl();
  return (
    <Flex gap={16} wrap align="flex-start">
      <Card
        size="small"
        title={intl.formatMessage({ id: 'review.photos.registered' })}
        style={{ width: 200 }}
        data-testid="registered-photo"
      >
        {review.trainee.hasRegisteredPhoto ? (
          <Image
            src={registeredPhotoUrl(review.id)}
            alt={intl.formatMessage({ id: 'review.photos.registeredAlt' }, { name: review.trainee.name })}
            width={168}
            height={210}
            style={{ objectFit: 'cover' }}
          />
        ) : (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={intl.formatMessage({ id: 'review.photos.noRegistered' })}
          />
        )}
      </Card>
      <Card
        size="small"
        title={intl.formatMessage({ id: 'review.photos.session' }, { count: review.photos.length })}
        style={{ flex: 1, minWidth: 280 }}
      >
        {review.photos.length === 0 ? (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={intl.formatMessage({ id: 'review.photos.none' })}
          />
        ) : (
          <Image.PreviewGroup>
            <Flex gap={12} wrap>
              {review.photos.map((p) => (
                <Flex key={p.id} vertical gap={4} style={{ width: 132 }}>
                  {p.complete && p.hasImage ? (
                    <Image
                      src={sessionPhotoUrl(review.id, p.id)}
                      alt={intl.formatMessage(
                        { id: 'review.photos.sessionAlt' },
                        { time: p.takenAt ? intl.formatTime(p.takenAt, { timeStyle: 'short' }) : '—' },
                      )}
                      width={132}
                      height={99}
                      style={{ objectFit: 'cover', background: '#f0f0f0' }}
                      fallback="data:image/gif;base64,R0lGODlhAQABAAAAACw="
                    />
                  ) : (
                    <Flex
                      align="center"
                      justify="center"
                      style={{ width: 132, height: 99, background: '#fafafa', border: '1px dashed #d9d9d9' }}
                    >
                      <Typography.Text type="secondary">
                        {intl.formatMessage({
                          id: p.complete ? 'review.photos.noImage' : 'review.photos.incomplete',
                        })}
                      </Typography.Text>
                    </Flex>
                  )}
                  <Flex justify="space-between" align="center">
                    <Typography.Text style={{ fontSize: 12 }}>
                      {p.takenAt ? intl.formatTime(p.takenAt, { hour: '2-digit', minute: '2-digit' }) : '—'}
                    </Typography.Text>
                    <Tag style={{ marginInlineEnd: 0 }}>
                      {intl.formatMessage({
                        id: knownEvents.has(p.eventType)
                          ? (`review.photos.event.${p.eventType}` as 'review.photos.event.17')
                          : 'review.photos.event.other',
                      })}
                    </Tag>
                  </Flex>
                  {p.faceConfidence !== null ? (
                    <Typography.Text
                      type={p.faceConfidence < 60 ? 'danger' : 'secondary'}
                      style={{ fontSize: 12 }}
                    >
                      {intl.formatMessage({ id: 'review.photos.face' }, { value: p.faceConfidence })}
                    </Typography.Text>
                  ) : null}
                </Flex>
              ))}
            </Flex>
          </Image.PreviewGroup>
        )}
      </Card>
    </Flex>
  );
}
