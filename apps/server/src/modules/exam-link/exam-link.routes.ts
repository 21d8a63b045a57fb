import type { Api } from '../../http/types.ts';
import type { ExamLinkService } from './exam-link.service.ts';

export function examLinkRoutes(examLink: ExamLinkService) {
  return async (app: Api) => {
    void app;
    void examLink;
  };
}
