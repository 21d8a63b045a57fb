import { Button, Flex, Result } from 'antd';
import { useIntl } from 'react-intl';
import { Link } from 'react-router';
import { portalOfRole } from '../../../access.ts';
import type { Me, Portal } from '../../../api/types.ts';
import { homePathOf, loginPathOf } from '../../../portals/paths.ts';
import { useDocumentTitle } from '../../../components/use-document-title.ts';
import { portalBrandId, portalNameId, roleLabelId } from '../labels.ts';
import { useLogout } from '../queries.ts';

type ForbiddenResultProps =
  /** A signed-in user of another portal opened this one. */
  | { portal: Portal; me: Me }
  /** A user of this portal opened a page their permissions do not cover. */
  | { portal: Portal; me?: undefined };

/** 403 page: says who is signed in and offers to log out (and to go to their own portal). */
export function ForbiddenResult({ portal, me }: ForbiddenResultProps) {
  const intl = useIntl();
  useDocumentTitle('common.forbidden.title', portalBrandId(portal));
  const logout = useLogout(loginPathOf(portal));
  const ownPortal = me ? (portalOfRole as Partial<Record<string, Portal>>)[me.role] : undefined;

  const subTitle = me
    ? intl.formatMessage(
        { id: 'common.forbidden.description' },
        {
          name: me.displayName,
          role: intl.formatMessage({ id: roleLabelId(me.role) }),
          portal: intl.formatMessage({ id: portalNameId(portal) }),
        },
      )
    : intl.formatMessage({ id: 'errors.auth.forbidden' });

  return (
    <Result
      status="403"
      title={intl.formatMessage({ id: 'common.forbidden.title' })}
      subTitle={subTitle}
      extra={
        <Flex gap={16} justify="center" align="center" wrap>
          {me ? (
            // A real link (to the login page) so it reads as "log out" to screen readers and still
            // works without the click handler; the handler ends the session first.
            <Button
              type="primary"
              href={loginPathOf(portal)}
              loading={logout.isPending}
              onClick={(event) => {
                event.preventDefault();
                logout.mutate();
              }}
            >
              {intl.formatMessage({ id: 'common.action.logout' })}
            </Button>
          ) : null}
          {ownPortal && ownPortal !== portal ? (
            <Link to={homePathOf(ownPortal)} reloadDocument>
              {intl.formatMessage(
                { id: 'common.forbidden.goToOwnPortal' },
                { portal: intl.formatMessage({ id: portalNameId(ownPortal) }) },
              )}
            </Link>
          ) : null}
        </Flex>
      }
    />
  );
}
